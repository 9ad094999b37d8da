// The live connection (docs/architecture.md, "SignalR"). Connected / Reconnecting / Failed are visible to the user;
// reconnection is automatic until Ui:ReconnectAttempts are spent (then Failed, with a button to try
// again), and every (re)connect starts with the server's full state, so nothing is missed across a drop.
import { useCallback, useEffect, useRef, useState } from 'react';
import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { mergeAlerts, resyncAlerts } from '../alerts';
import type { HealthStatus, PerformanceAlert, PipelineMetrics, PipelineStatus } from '../types';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** A point of a pipeline's charts: what the charts draw, not the whole PipelineMetrics. */
export interface MetricsPoint {
  time: number;
  errorRate: number;
  successRate: number;
  averageProcessingTime: number;
}

export interface MonitoringState {
  connection: ConnectionState;
  metrics: Record<string, PipelineMetrics>;
  status: Record<string, PipelineStatus>;
  alerts: Record<string, PerformanceAlert>;
  /** The open set has arrived once: from now on an alert not seen before is new, not part of the first picture. */
  alertsLoaded: boolean;
  health: HealthStatus | null;
  /** Per pipeline, the recent metrics for the charts (15 minutes). */
  series: Record<string, MetricsPoint[]>;
  lastUpdate: number | null;
  retry: () => void;
}

const SERIES_SPAN_MS = 15 * 60 * 1000;

export function appendPoints(series: Record<string, MetricsPoint[]>, metrics: PipelineMetrics[], time: number): Record<string, MetricsPoint[]> {
  const next = { ...series };
  for (const m of metrics) {
    const points = (next[m.job] ?? []).filter((p) => p.time > time - SERIES_SPAN_MS && p.time < time);
    next[m.job] = [...points, { time, errorRate: m.errorRate, successRate: m.successRate, averageProcessingTime: m.averageProcessingTime }];
  }
  return next;
}

/** Delay before reconnection attempt `retry` (0-based): 0.5 s doubling to 10 s; null once `attempts` are spent. */
export function reconnectDelay(retry: number, attempts: number): number | null {
  return retry >= attempts ? null : Math.min(500 * 2 ** retry, 10_000);
}

export function useMonitoringWebSocket(initialSeries: Record<string, MetricsPoint[]> = {}, reconnectAttempts = 30): MonitoringState {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [metrics, setMetrics] = useState<Record<string, PipelineMetrics>>({});
  const [status, setStatus] = useState<Record<string, PipelineStatus>>({});
  const [alerts, setAlerts] = useState<Record<string, PerformanceAlert>>({});
  const [alertsLoaded, setAlertsLoaded] = useState(false);
  const [health, setHealth] = useState<HealthStatus | null>(null);
  const [series, setSeries] = useState<Record<string, MetricsPoint[]>>(initialSeries);
  const [lastUpdate, setLastUpdate] = useState<number | null>(null);
  const hub = useRef<HubConnection | null>(null);
  const attempts = useRef(reconnectAttempts);
  attempts.current = reconnectAttempts;

  useEffect(() => {
    if (Object.keys(initialSeries).length > 0) setSeries((current) => ({ ...initialSeries, ...current }));
  }, [initialSeries]);

  const start = useCallback(async (connectionToStart: HubConnection) => {
    setConnection('connecting');
    try {
      await connectionToStart.start();
      performance.mark('monitor:hub-connected');
      setConnection('connected');
    } catch {
      setConnection('failed');
    }
  }, []);

  useEffect(() => {
    const connection = new HubConnectionBuilder()
      // WebSockets straight away, without the negotiate round trip: behind a proxy that spreads
      // requests over replicas without sticky sessions, negotiate and connect could meet two replicas.
      .withUrl('/hubs/monitoring', { skipNegotiation: true, transport: HttpTransportType.WebSockets })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => reconnectDelay(c.previousRetryCount, attempts.current) })
      .configureLogging(LogLevel.Warning)
      .build();
    hub.current = connection;
    connection.on('metrics_update', (update: PipelineMetrics[]) => {
      const now = Date.now();
      setMetrics((current) => {
        const next = { ...current };
        for (const m of update) next[m.job] = m;
        return next;
      });
      setSeries((current) => appendPoints(current, update, now));
      setLastUpdate(now);
    });
    connection.on('status_update', (update: PipelineStatus[]) =>
      setStatus((current) => {
        const next = { ...current };
        for (const s of update) next[s.job] = s;
        return next;
      }),
    );
    // The first alerts_update after each (re)connect starts from the server's open set (see resyncAlerts).
    let resync = true;
    connection.on('alerts_update', (update: PerformanceAlert[]) => {
      // A mark for the performance measurements (docs/performance.md): when the open set arrived.
      if (resync) performance.mark('monitor:alerts-snapshot', { detail: update.length });
      const replace = resync;
      resync = false;
      setAlerts((current) => (replace ? resyncAlerts(current, update) : mergeAlerts(current, update)));
      setAlertsLoaded(true);
    });
    connection.on('health_check_complete', (update: HealthStatus) => setHealth(update));
    connection.onreconnecting(() => {
      resync = true;
      setConnection('reconnecting');
    });
    connection.onreconnected(() => setConnection('connected'));
    connection.onclose(() => {
      resync = true;
      setConnection((state) => (state === 'connected' || state === 'reconnecting' ? 'failed' : state));
    });
    performance.mark('monitor:hub-start');
    void start(connection);
    return () => {
      void connection.stop();
    };
  }, [start]);

  const retry = useCallback(() => {
    const connection = hub.current;
    if (connection && connection.state === HubConnectionState.Disconnected) void start(connection);
  }, [start]);

  return { connection, metrics, status, alerts, alertsLoaded, health, series, lastUpdate, retry };
}
