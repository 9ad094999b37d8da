import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, ageOf, duration, filterAlerts, groupAlerts, isLiveFilter, isNewer, mergeAlerts, resyncAlerts, responseTimes } from './alerts';
import { alert } from '../test/alertFixtures';


describe('merging alert updates', () => {
  it('keeps an acknowledgement that arrived before an older snapshot copy', () => {
    const acknowledged = alert({ status: 'acknowledged', acknowledged: true, version: 2 });
    const merged = mergeAlerts(new Map([['a1', acknowledged]]), [alert({ version: 1 })]);
    expect(merged.get('a1')?.status).toBe('acknowledged');
  });

  it('takes the copy with the higher version, whatever order they came in', () => {
    expect(isNewer(alert({ version: 5 }), alert({ status: 'acknowledged', version: 4 }))).toBe(true);
    expect(isNewer(alert({ version: 4 }), alert({ version: 5 }))).toBe(false);
  });

  it('returns the same object when nothing changed', () => {
    const current = new Map([['a1', alert({ version: 3 })]]);
    expect(mergeAlerts(current, [alert({ version: 3 })])).toBe(current);
  });
});

describe('resynchronising after a reconnect', () => {
  it('drops open alerts that closed while the client was away, keeps closed ones it showed', () => {
    const current = new Map([
      ['gone', alert({ id: 'gone', version: 1 })],
      ['still', alert({ id: 'still', version: 1 })],
      ['closed', alert({ id: 'closed', status: 'resolved', version: 2 })],
    ]);
    const next = resyncAlerts(current, [alert({ id: 'still', version: 3 }), alert({ id: 'new', version: 4 })]);
    expect([...next.keys()].sort()).toEqual(['closed', 'new', 'still']);
    expect(next.get('still')?.version).toBe(3);
  });

  it('keeps an alert changed on this connection that the snapshot, read before the change, does not hold', () => {
    // The change (a new alert) came between the server's read of the open set and its last part.
    const current = new Map([
      ['a', alert({ id: 'a', version: 1 })],
      ['opened-meanwhile', alert({ id: 'opened-meanwhile', version: 9 })],
      ['gone', alert({ id: 'gone', version: 1 })],
    ]);
    const next = resyncAlerts(current, [alert({ id: 'a', version: 5 })], new Set(['opened-meanwhile']));
    expect([...next.keys()].sort()).toEqual(['a', 'opened-meanwhile']);
  });

  it('never reopens an alert whose resolution came before an older copy of the open set', () => {
    const current = new Map([['a', alert({ id: 'a', status: 'resolved', version: 7 })]]);
    const next = resyncAlerts(current, [alert({ id: 'a', version: 6 })], new Set(['a']));
    expect(next.get('a')?.status).toBe('resolved');
  });

  it('keeps the newer copy when a change overtook the open set', () => {
    const current = new Map([['a', alert({ id: 'a', status: 'acknowledged', version: 6 })]]);
    const next = resyncAlerts(current, [alert({ id: 'a', version: 5 }), alert({ id: 'b', version: 2 })], new Set(['a']));
    expect([...next.keys()].sort()).toEqual(['a', 'b']);
    expect(next.get('a')?.status).toBe('acknowledged');
  });
});

describe('filtering alerts', () => {
  const alerts = [
    alert({ id: 'w', severity: 'warning' }),
    alert({ id: 'c', severity: 'critical', labels: { job: 'p2' } }),
    alert({ id: 'r', status: 'resolved' }),
  ];

  it('shows open alerts, critical first, by default', () => {
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER }).map((a) => a.id)).toEqual(['c', 'w']);
  });

  it('filters by severity, status and pipeline', () => {
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, severity: 'critical', status: 'all' }).map((a) => a.id)).toEqual(['c']);
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, status: 'resolved' }).map((a) => a.id)).toEqual(['r']);
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, status: 'all', job: 'p2' }).map((a) => a.id)).toEqual(['c']);
  });
});

describe('searching, grouping and ages', () => {
  const alerts = [
    alert({ id: 'a', message: 'error rate 40 %', labels: { job: 'billing', model: 'gpt-x' } }),
    alert({ id: 'b', type: 'slow_module', severity: 'critical', message: 'module took 200 s', labels: { job: 'search' } }),
    alert({ id: 'c', type: 'slow_module', message: 'module took 70 s', labels: { job: 'billing' } }),
  ];

  it('finds alerts by a word of the message or a label value, ignoring case', () => {
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, q: 'GPT-X' }).map((a) => a.id)).toEqual(['a']);
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, q: 'took' }).map((a) => a.id)).toEqual(['b', 'c']);
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, q: 'job=search' }).map((a) => a.id)).toEqual(['b']);
  });

  it('filters by rule', () => {
    expect(filterAlerts(alerts, { ...DEFAULT_FILTER, rule: 'slow_module' }).map((a) => a.id)).toEqual(['b', 'c']);
  });

  it('groups by pipeline or rule, the group with firing critical alerts first, with counts', () => {
    expect(groupAlerts(alerts, 'pipeline').map((g) => [g.key, g.alerts.length, g.critical])).toEqual([
      ['search', 1, 1],
      ['billing', 2, 0],
    ]);
    expect(groupAlerts(alerts, 'rule').map((g) => [g.key, g.firing])).toEqual([
      ['slow_module', 2],
      ['error_rate', 1],
    ]);
  });

  it('says how long an alert has been in its state, in words', () => {
    const fired = Date.parse('2026-11-25T12:00:00Z');
    expect(ageOf(alert(), fired + 12 * 60_000 + 5_000)).toBe('firing for 12 min');
    expect(ageOf(alert({ status: 'acknowledged', acknowledgedAt: '2026-11-25T12:30:00Z' }), fired + 33 * 60_000)).toBe('acknowledged 3 min ago');
    expect(ageOf(alert({ status: 'resolved', resolvedAt: '2026-11-25T13:00:00Z' }), fired + 2 * 3_600_000 + 5 * 60_000)).toBe('resolved 1 h 5 min ago');
    expect(duration(26 * 3_600_000)).toBe('1 d 2 h');
  });

  it('gives the time to acknowledge and to resolve once they happened', () => {
    expect(responseTimes(alert())).toEqual({ toAcknowledge: null, toResolve: null });
    expect(responseTimes(alert({ acknowledgedAt: '2026-11-25T12:04:00Z', resolvedAt: '2026-11-25T13:00:00Z' }))).toEqual({
      toAcknowledge: '4 min',
      toResolve: '1 h',
    });
  });

  it('asks the store for anything but open alerts, and for any time range', () => {
    expect(isLiveFilter(DEFAULT_FILTER)).toBe(true);
    expect(isLiveFilter({ ...DEFAULT_FILTER, status: 'acknowledged', q: 'x' })).toBe(true);
    expect(isLiveFilter({ ...DEFAULT_FILTER, status: 'resolved' })).toBe(false);
    expect(isLiveFilter({ ...DEFAULT_FILTER, from: '2026-11-25T00:00:00.000Z' })).toBe(false);
  });
});
