import type { AlertStatus, PerformanceAlert } from './types';

const statusRank: Record<AlertStatus, number> = { firing: 0, acknowledged: 1, resolved: 2, expired: 2 };

/**
 * Which of two copies of an alert is newer. Updates can overtake the snapshot a client gets on
 * connect, so the client keeps the newer copy instead of the last one received: later lastSeen
 * wins, and on equal lastSeen the later lifecycle step (acknowledged after firing, closed after both).
 */
export function isNewer(candidate: PerformanceAlert, current: PerformanceAlert | undefined): boolean {
  if (!current) return true;
  const seen = Date.parse(candidate.lastSeen) - Date.parse(current.lastSeen);
  if (seen !== 0) return seen > 0;
  if (statusRank[candidate.status] !== statusRank[current.status]) return statusRank[candidate.status] > statusRank[current.status];
  // A refire after an acknowledgement comes with a breach, hence a later lastSeen; same step: take the incoming one.
  return true;
}

export function mergeAlerts(current: Record<string, PerformanceAlert>, incoming: PerformanceAlert[]): Record<string, PerformanceAlert> {
  let next = current;
  for (const alert of incoming) {
    if (isNewer(alert, next[alert.id])) {
      if (next === current) next = { ...current };
      next[alert.id] = alert;
    }
  }
  return next;
}

export interface AlertFilter {
  severity: 'all' | 'warning' | 'critical';
  status: 'open' | 'all' | AlertStatus;
  job: string;
}

export function filterAlerts(alerts: PerformanceAlert[], filter: AlertFilter): PerformanceAlert[] {
  return alerts
    .filter((a) => filter.severity === 'all' || a.severity === filter.severity)
    .filter((a) =>
      filter.status === 'all' ? true : filter.status === 'open' ? a.status === 'firing' || a.status === 'acknowledged' : a.status === filter.status,
    )
    .filter((a) => filter.job === '' || a.labels.job === filter.job)
    .sort((a, b) => {
      const open = Number(b.status === 'firing') - Number(a.status === 'firing');
      if (open !== 0) return open;
      const severity = Number(b.severity === 'critical') - Number(a.severity === 'critical');
      return severity !== 0 ? severity : Date.parse(b.lastSeen) - Date.parse(a.lastSeen);
    });
}
