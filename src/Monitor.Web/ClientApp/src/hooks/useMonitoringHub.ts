// The live connection (docs/architecture.md, "SignalR"). Connected / Reconnecting / Failed are visible to the user;
// reconnection is automatic until Ui:ReconnectAttempts are spent (then Failed, with a button to try
// again), and every (re)connect starts with the server's full state, so nothing is missed across a drop:
// the open alerts from GET /api/alerts/open on the first connect when the hub's SyncAlerts finds them
// current, otherwise (and after every reconnect) from the hub's alerts_snapshot.
import { useCallback, useEffect, useRef, useState } from 'react';
import { HubConnection, HubConnectionState } from '@microsoft/signalr';
import { mergeAlerts, resyncAlerts, type AlertSet } from '../alerts';
import type { AlertSnapshotPart, AlertSummary, HealthStatus, OpenAlerts, PipelineMetrics, PipelineStatus, PipelineSummary } from '../types';
import { takeMonitoringConnection, type HubEvent } from './monitoringConnection';

export { reconnectDelay } from './monitoringConnection';

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
  /** Every pipeline, from the fleet summary (on connect, then whenever it changed). */
  fleet: Record<string, PipelineSummary>;
  /** Full metrics: every pipeline as of the connect, then the watched one kept up to date. */
  metrics: Record<string, PipelineMetrics>;
  status: Record<string, PipelineStatus>;
  /** Open alerts: list rows from the open set (REST or snapshot), whole alerts from each change after it. */
  alerts: AlertSet;
  /** The open set has arrived once: from now on an alert not seen before is new, not part of the first picture. */
  alertsLoaded: boolean;
  health: HealthStatus | null;
  /** Per pipeline, the recent metrics for the charts (15 minutes). */
  series: Record<string, MetricsPoint[]>;
  lastUpdate: number | null;
  retry: () => void;
  /** Receive this pipeline's metrics and status from now on (instead of the one watched before). */
  watch: (job: string) => void;
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

export function useMonitoringHub(initialSeries: Record<string, MetricsPoint[]> = {}, reconnectAttempts = 30): MonitoringState {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [fleet, setFleet] = useState<Record<string, PipelineSummary>>({});
  const [metrics, setMetrics] = useState<Record<string, PipelineMetrics>>({});
  const [status, setStatus] = useState<Record<string, PipelineStatus>>({});
  const [alerts, setAlerts] = useState<AlertSet>(() => new Map());
  const [alertsLoaded, setAlertsLoaded] = useState(false);
  const [health, setHealth] = useState<HealthStatus | null>(null);
  const [series, setSeries] = useState<Record<string, MetricsPoint[]>>(initialSeries);
  const [lastUpdate, setLastUpdate] = useState<number | null>(null);
  const hub = useRef<HubConnection | null>(null);
  // A server forgets a connection's groups when it drops: each (re)connect is a new session to watch in.
  const session = useRef(0);
  const watched = useRef<{ job: string; session: number } | null>(null);
  const attempts = useRef({ current: reconnectAttempts });
  attempts.current.current = reconnectAttempts;
  // Set by the effect: brings the open alerts in line after a start (SyncAlerts).
  const syncAlerts = useRef<(loaded: OpenAlerts | null) => Promise<void>>(async () => undefined);

  useEffect(() => {
    if (Object.keys(initialSeries).length > 0) setSeries((current) => ({ ...initialSeries, ...current }));
  }, [initialSeries]);

  const start = useCallback(async (starting: Promise<void>) => {
    setConnection('connecting');
    try {
      await starting;
      session.current++;
      setConnection('connected');
    } catch {
      setConnection('failed');
    }
  }, []);

  useEffect(() => {
    const opened = takeMonitoringConnection();
    const connection = opened.connection;
    opened.attempts.current = attempts.current.current;
    attempts.current = opened.attempts;
    hub.current = connection;
    // Per (re)connect, until SyncAlerts has answered: the ids an alerts_update changed (kept when the
    // open set arrives, see resyncAlerts; null once synced, so it does not grow with the connection's
    // life). The parts of alerts_snapshot until the last, and which connect this is.
    let changed: Set<string> | null = new Set<string>();
    let snapshot: AlertSummary[][] = [];
    let connects = 0;
    const takeOpenSet = (open: AlertSummary[]) => {
      // A mark for the performance measurements (docs/performance.md): when the open set arrived.
      performance.mark('monitor:alerts-snapshot', { detail: open.length });
      const keep = changed ?? new Set<string>();
      setAlerts((current) => resyncAlerts(current, open, keep));
      setAlertsLoaded(true);
    };
    // The set loaded over REST is the hub's when their digests agree: changes made since then come
    // (or came) on this connection. Otherwise the hub sends its open set before it answers.
    syncAlerts.current = async (loaded) => {
      const at = connects;
      try {
        const current = await connection.invoke<boolean>('SyncAlerts', loaded?.digest ?? null);
        // A mark for the tests and measurements: whether the set loaded was the hub's (true) or the hub sent its own.
        performance.mark('monitor:alerts-synced', { detail: current });
      } catch {
        // The connection dropped: the reconnect syncs again.
      }
      if (connects === at) changed = null;
    };
    void opened.openAlerts.then((loaded) => {
      if (loaded && connects === 0) takeOpenSet(loaded.alerts);
    });
    const handlers: Record<HubEvent, (update: never) => void> = {
      metrics_update: (update: PipelineMetrics[]) => {
        const now = Date.now();
        setMetrics((current) => {
          const next = { ...current };
          for (const m of update) next[m.job] = m;
          return next;
        });
        setSeries((current) => appendPoints(current, update, now));
        setLastUpdate(now);
      },
      status_update: (update: PipelineStatus[]) =>
        setStatus((current) => {
          const next = { ...current };
          for (const s of update) next[s.job] = s;
          return next;
        }),
      // The whole fleet, on connect and whenever it changed: a pipeline gone from it is gone from the list.
      fleet_update: (update: PipelineSummary[]) => {
        setFleet(Object.fromEntries(update.map((s) => [s.job, s])));
        setLastUpdate(Date.now());
      },
      // The open set (as list rows) when SyncAlerts found the client's out of date; taken once the last part came.
      alerts_snapshot: (part: AlertSnapshotPart) => {
        snapshot.push(part.alerts);
        if (part.part + 1 < part.parts) return;
        const whole = snapshot.flat();
        snapshot = [];
        takeOpenSet(whole);
      },
      // Each change, as whole alerts.
      alerts_update: (update: AlertSummary[]) => {
        if (changed) for (const alert of update) changed.add(alert.id);
        setAlerts((current) => mergeAlerts(current, update));
      },
      health_check_complete: (update: HealthStatus) => setHealth(update),
    };
    // The handlers take over from the buffer, then what it holds is handed to them in order (one
    // thread: nothing can arrive in between).
    for (const [event, handler] of Object.entries(handlers) as [HubEvent, (update: never) => void][]) {
      connection.off(event);
      connection.on(event, handler);
    }
    for (const [event, args] of opened.early.splice(0)) handlers[event](args[0] as never);
    const disconnected = () => {
      connects++;
      changed = new Set();
      snapshot = [];
    };
    connection.onreconnecting(() => {
      disconnected();
      setConnection('reconnecting');
    });
    connection.onreconnected(() => {
      session.current++;
      setConnection('connected');
      void syncAlerts.current(null);
    });
    connection.onclose(() => {
      disconnected();
      setConnection((state) => (state === 'connected' || state === 'reconnecting' ? 'failed' : state));
    });
    void start(opened.started);
    // The first connect syncs with what REST answered, once it has (a later connect with nothing).
    void opened.started.then(async () => {
      const loaded = await opened.openAlerts;
      if (connects === 0) await syncAlerts.current(loaded);
    }, () => undefined);
    return () => {
      void connection.stop();
    };
  }, [start]);

  const retry = useCallback(() => {
    const connection = hub.current;
    if (connection && connection.state === HubConnectionState.Disconnected) {
      const starting = connection.start();
      void start(starting);
      void starting.then(() => syncAlerts.current(null), () => undefined);
    }
  }, [start]);

  const watch = useCallback((job: string) => {
    const connection = hub.current;
    if (!connection || connection.state !== HubConnectionState.Connected || !job) return;
    const previous = watched.current;
    if (previous && previous.job === job && previous.session === session.current) return;
    watched.current = { job, session: session.current };
    if (previous && previous.session === session.current) void connection.invoke('UnwatchPipeline', previous.job).catch(() => undefined);
    // Refused or cut off: forget it, so the next render's watch asks again.
    void connection.invoke('WatchPipeline', job).catch(() => {
      if (watched.current?.job === job) watched.current = null;
    });
  }, []);

  return { connection, fleet, metrics, status, alerts, alertsLoaded, health, series, lastUpdate, retry, watch };
}
