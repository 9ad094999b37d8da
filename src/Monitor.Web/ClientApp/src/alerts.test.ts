import { describe, expect, it } from 'vitest';
import { filterAlerts, isNewer, mergeAlerts, resyncAlerts } from './alerts';
import { alert } from '../test/alertFixtures';


describe('merging alert updates', () => {
  it('keeps an acknowledgement that arrived before an older snapshot copy', () => {
    const acknowledged = alert({ status: 'acknowledged', acknowledged: true, version: 2 });
    const merged = mergeAlerts({ a1: acknowledged }, [alert({ version: 1 })]);
    expect(merged.a1.status).toBe('acknowledged');
  });

  it('takes the copy with the higher version, whatever order they came in', () => {
    expect(isNewer(alert({ version: 5 }), alert({ status: 'acknowledged', version: 4 }))).toBe(true);
    expect(isNewer(alert({ version: 4 }), alert({ version: 5 }))).toBe(false);
  });

  it('returns the same object when nothing changed', () => {
    const current = { a1: alert({ version: 3 }) };
    expect(mergeAlerts(current, [alert({ version: 3 })])).toBe(current);
  });
});

describe('resynchronising after a reconnect', () => {
  it('drops open alerts that closed while the client was away, keeps closed ones it showed', () => {
    const current = {
      gone: alert({ id: 'gone', version: 1 }),
      still: alert({ id: 'still', version: 1 }),
      closed: alert({ id: 'closed', status: 'resolved', version: 2 }),
    };
    const next = resyncAlerts(current, [alert({ id: 'still', version: 3 }), alert({ id: 'new', version: 4 })]);
    expect(Object.keys(next).sort()).toEqual(['closed', 'new', 'still']);
    expect(next.still.version).toBe(3);
  });

  it('ends with the same open set when a change overtakes the snapshot', () => {
    const current = { a: alert({ id: 'a', version: 1 }), b: alert({ id: 'b', version: 1 }), gone: alert({ id: 'gone', version: 1 }) };
    const afterChange = resyncAlerts(current, [alert({ id: 'a', status: 'acknowledged', version: 6 })]);
    const afterSnapshot = mergeAlerts(afterChange, [alert({ id: 'a', version: 5 }), alert({ id: 'b', version: 2 })]);
    expect(Object.keys(afterSnapshot).sort()).toEqual(['a', 'b']);
    expect(afterSnapshot.a.status).toBe('acknowledged');
  });
});

describe('filtering alerts', () => {
  const alerts = [
    alert({ id: 'w', severity: 'warning' }),
    alert({ id: 'c', severity: 'critical', labels: { job: 'p2' } }),
    alert({ id: 'r', status: 'resolved' }),
  ];

  it('shows open alerts, critical first, by default', () => {
    expect(filterAlerts(alerts, { severity: 'all', status: 'open', job: '' }).map((a) => a.id)).toEqual(['c', 'w']);
  });

  it('filters by severity, status and pipeline', () => {
    expect(filterAlerts(alerts, { severity: 'critical', status: 'all', job: '' }).map((a) => a.id)).toEqual(['c']);
    expect(filterAlerts(alerts, { severity: 'all', status: 'resolved', job: '' }).map((a) => a.id)).toEqual(['r']);
    expect(filterAlerts(alerts, { severity: 'all', status: 'all', job: 'p2' }).map((a) => a.id)).toEqual(['c']);
  });
});
