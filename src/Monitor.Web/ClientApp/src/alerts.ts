import { timeOf } from './time';
import type { AlertStatus, AlertSummary } from './types';

/**
 * Which of two copies of an alert is newer: the one with the higher version (the store's change
 * counter). Updates can overtake the snapshot a client gets on connect, and replicas can deliver
 * changes in any order, so the client keeps the newer copy instead of the last one received.
 */
export function isNewer(candidate: AlertSummary, current: AlertSummary | undefined): boolean {
  return !current || candidate.version > current.version;
}

/**
 * The live alerts by id. A Map, not an object: at 10,000 alerts an object keyed by id is a
 * dictionary whose Object.values sorts its keys (40 ms in the first view's profile); a Map keeps
 * insertion order and copies in one go.
 */
export type AlertSet = ReadonlyMap<string, AlertSummary>;

export function mergeAlerts(current: AlertSet, incoming: AlertSummary[]): AlertSet {
  let next: Map<string, AlertSummary> | null = null;
  for (const alert of incoming) {
    if (isNewer(alert, (next ?? current).get(alert.id))) {
      next ??= new Map(current);
      next.set(alert.id, alert);
    }
  }
  return next ?? current;
}

export const isOpen = (alert: AlertSummary) => alert.status === 'firing' || alert.status === 'acknowledged';

/**
 * Takes the open set as the server holds it (GET /api/alerts/open, or alerts_snapshot after a
 * (re)connect): an alert the client holds as open but not in it closed while the client was away,
 * and is dropped, unless a change of it came on this connection (`changed`): such a change may be
 * newer than the set (a change made after the server read it), so it is kept and the set merged by
 * version. Closed copies stay, so an older row never reopens an alert whose resolution came first.
 */
export function resyncAlerts(current: AlertSet, incoming: AlertSummary[], changed: ReadonlySet<string> = new Set()): AlertSet {
  const present = new Set(incoming.map((a) => a.id));
  const kept = new Map<string, AlertSummary>();
  for (const [id, alert] of current) {
    if (!isOpen(alert) || present.has(id) || changed.has(id)) kept.set(id, alert);
  }
  return mergeAlerts(kept, incoming);
}

/** The alert panel's filters, all of them in the address bar (see route.ts). */
export interface AlertFilter {
  severity: 'all' | 'warning' | 'critical';
  status: 'open' | 'all' | AlertStatus;
  job: string;
  rule: string;
  /** Words to find in the message or the labels. */
  q: string;
  /** ISO date-times: alerts open at some moment between them. */
  from: string;
  to: string;
  group: 'none' | 'pipeline' | 'rule';
}

export const DEFAULT_FILTER: AlertFilter = { severity: 'all', status: 'open', job: '', rule: '', q: '', from: '', to: '', group: 'none' };

/** Open alerts are live (pushed); any other status, or a time range, is asked of the store page by page. */
export const isLiveFilter = (filter: AlertFilter) =>
  (filter.status === 'open' || filter.status === 'firing' || filter.status === 'acknowledged') && !filter.from && !filter.to;

/** Whether an alert's message or one of its labels (name or value) holds the text, ignoring case. */
export function matchesText(alert: AlertSummary, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  if (alert.message.toLowerCase().includes(needle)) return true;
  return Object.entries(alert.labels).some(([k, v]) => k.toLowerCase().includes(needle) || v.toLowerCase().includes(needle) || `${k}=${v}`.toLowerCase().includes(needle));
}

const statusOrder: Record<AlertStatus, number> = { firing: 0, acknowledged: 1, resolved: 2, expired: 3 };

export function filterAlerts(alerts: AlertSummary[], filter: AlertFilter): AlertSummary[] {
  const kept = alerts.filter(
    (a) =>
      (filter.severity === 'all' || a.severity === filter.severity) &&
      (filter.status === 'all' ? true : filter.status === 'open' ? isOpen(a) : a.status === filter.status) &&
      (filter.job === '' || a.labels.job === filter.job) &&
      (filter.rule === '' || a.type === filter.rule) &&
      matchesText(a, filter.q),
  );
  // Firing first, then critical first, then the most recently seen; each alert's keys computed once (an alert storm sorts 10,000).
  const keyed = kept.map((alert) => ({ alert, rank: statusOrder[alert.status] * 2 + (alert.severity === 'critical' ? 0 : 1), seen: timeOf(alert.lastSeen) }));
  keyed.sort((a, b) => a.rank - b.rank || b.seen - a.seen);
  return keyed.map((k) => k.alert);
}

export interface AlertGroup {
  key: string;
  alerts: AlertSummary[];
  firing: number;
  critical: number;
}

/** Alerts grouped by pipeline or rule, the groups with the most firing critical alerts first. */
export function groupAlerts(alerts: AlertSummary[], by: 'pipeline' | 'rule'): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const key = (by === 'pipeline' ? alert.labels.job : alert.type) || '(none)';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, alerts: [], firing: 0, critical: 0 }));
    group.alerts.push(alert);
    if (alert.status === 'firing') {
      group.firing++;
      if (alert.severity === 'critical') group.critical++;
    }
  }
  return [...groups.values()].sort((a, b) => b.critical - a.critical || b.firing - a.firing || a.key.localeCompare(b.key));
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** What an alert's age means for its status: "firing for 12 min", "acknowledged 3 min ago", "resolved 1 h ago". */
export function ageOf(alert: AlertSummary, now: number): string {
  switch (alert.status) {
    case 'firing':
      return `firing for ${duration(now - timeOf(alert.timestamp))}`;
    case 'acknowledged':
      return `acknowledged ${duration(now - timeOf(alert.acknowledgedAt ?? alert.timestamp))} ago`;
    default:
      return `${alert.status} ${duration(now - timeOf(alert.resolvedAt ?? alert.lastSeen))} ago`;
  }
}

/** Time to acknowledge and to resolve, when they happened. */
export function responseTimes(alert: AlertSummary): { toAcknowledge: string | null; toResolve: string | null } {
  const fired = timeOf(alert.timestamp);
  return {
    toAcknowledge: alert.acknowledgedAt ? duration(timeOf(alert.acknowledgedAt) - fired) : null,
    toResolve: alert.resolvedAt ? duration(timeOf(alert.resolvedAt) - fired) : null,
  };
}
