import type { AlertStatus, PerformanceAlert } from './types';

/**
 * Which of two copies of an alert is newer: the one with the higher version (the store's change
 * counter). Updates can overtake the snapshot a client gets on connect, and replicas can deliver
 * changes in any order, so the client keeps the newer copy instead of the last one received.
 */
export function isNewer(candidate: PerformanceAlert, current: PerformanceAlert | undefined): boolean {
  return !current || candidate.version > current.version;
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

const isOpen = (alert: PerformanceAlert) => alert.status === 'firing' || alert.status === 'acknowledged';

/**
 * The first alerts_update after a (re)connect: the server sends every open alert on connect, so
 * an alert the client holds as open but not in it closed while the client was away. Those are
 * dropped, then the update is merged. If a change overtook the snapshot, this runs on that change
 * instead and the snapshot that follows is merged: the result is the same open set.
 */
export function resyncAlerts(current: Record<string, PerformanceAlert>, incoming: PerformanceAlert[]): Record<string, PerformanceAlert> {
  const present = new Set(incoming.map((a) => a.id));
  const kept: Record<string, PerformanceAlert> = {};
  for (const [id, alert] of Object.entries(current)) {
    if (!isOpen(alert) || present.has(id)) kept[id] = alert;
  }
  return mergeAlerts(kept, incoming);
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
