import { describe, expect, it } from 'vitest';
import { filterAlerts, isNewer, mergeAlerts } from './alerts';
import { alert } from './testAlerts';


describe('merging alert updates', () => {
  it('keeps an acknowledgement that arrived before an older snapshot copy', () => {
    const acknowledged = alert({ status: 'acknowledged', acknowledged: true });
    const merged = mergeAlerts({ a1: acknowledged }, [alert()]);
    expect(merged.a1.status).toBe('acknowledged');
  });

  it('takes a later breach, also one that fires an acknowledged alert again', () => {
    expect(isNewer(alert({ lastSeen: '2026-11-25T12:05:00Z' }), alert({ status: 'acknowledged' }))).toBe(true);
  });

  it('returns the same object when nothing changed', () => {
    const current = { a1: alert({ lastSeen: '2026-11-25T12:05:00Z' }) };
    expect(mergeAlerts(current, [alert()])).toBe(current);
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
