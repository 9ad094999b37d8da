// The live connection is opened as soon as the page's script runs, before React draws anything,
// and the open alerts are asked for over REST at the same moment: the WebSocket handshake, the
// alerts and the first render then overlap. What arrives before the hook takes the connection over
// is kept and handed to it in order.
import { HttpTransportType, HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { monitoring } from '../services/monitoring';
import type { OpenAlerts } from '../types';

/** The hub's server -> client events (docs/api.md). */
export const HUB_EVENTS = ['metrics_update', 'status_update', 'fleet_update', 'alerts_snapshot', 'alerts_update', 'health_check_complete'] as const;
export type HubEvent = (typeof HUB_EVENTS)[number];

/** Delay before reconnection attempt `retry` (0-based): 0.5 s doubling to 10 s; null once `attempts` are spent. */
export function reconnectDelay(retry: number, attempts: number): number | null {
  return retry >= attempts ? null : Math.min(500 * 2 ** retry, 10_000);
}

export interface MonitoringConnection {
  connection: HubConnection;
  /** Ui:ReconnectAttempts once known (GET /api/ui); read at each reconnection attempt. */
  attempts: { current: number };
  /** Settles when the first start does. */
  started: Promise<void>;
  /** Messages received before handlers were attached, oldest first. */
  early: [HubEvent, unknown[]][];
  /** GET /api/alerts/open, asked for with the connection; null when it failed (the hub then sends the open set). */
  openAlerts: Promise<OpenAlerts | null>;
}

export function openMonitoringConnection(): MonitoringConnection {
  const attempts = { current: 30 };
  const connection = new HubConnectionBuilder()
    // WebSockets straight away, without the negotiate round trip: behind a proxy that spreads
    // requests over replicas without sticky sessions, negotiate and connect could meet two replicas.
    // ?alerts=sync: no open alerts on connect; they come over REST, and the hub's SyncAlerts
    // sends them again only when the set loaded is not its own (useMonitoringHub).
    .withUrl('/hubs/monitoring?alerts=sync', { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => reconnectDelay(c.previousRetryCount, attempts.current) })
    .configureLogging(LogLevel.Warning)
    .build();
  const early: [HubEvent, unknown[]][] = [];
  for (const event of HUB_EVENTS) connection.on(event, (...args: unknown[]) => early.push([event, args]));
  performance.mark('monitor:hub-start');
  // Over REST rather than in the hub's first messages: a browser takes a large HTTP response much faster
  // than the same bytes as WebSocket messages (3.1 MB: 117-174 ms against 300-450 ms, docs/performance.md),
  // and the request does not wait for the handshake. Failed: null, and the hub sends the open set.
  const openAlerts = monitoring.openAlerts().catch(() => null);
  const started = connection.start().then(() => void performance.mark('monitor:hub-connected'));
  // A failed first start is the hook's to show; this keeps it from being an unhandled rejection.
  started.catch(() => undefined);
  return { connection, attempts, started, early, openAlerts };
}

let opened: MonitoringConnection | null = null;

/** Opens the connection now, once (main.tsx calls it before rendering). */
export function openEarly(): void {
  opened ??= openMonitoringConnection();
}

/** The connection opened early, handed out once; later callers (a remount) open their own. */
export function takeMonitoringConnection(): MonitoringConnection {
  const taken = opened ?? openMonitoringConnection();
  opened = null;
  return taken;
}
