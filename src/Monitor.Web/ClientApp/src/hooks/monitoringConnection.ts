// The live connection is opened as soon as the page's script runs, before React draws anything:
// the WebSocket handshake and the server's snapshot then travel while the first render happens.
// What arrives before the hook takes the connection over is kept and handed to it in order.
import { HttpTransportType, HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';

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
}

export function openMonitoringConnection(): MonitoringConnection {
  const attempts = { current: 30 };
  const connection = new HubConnectionBuilder()
    // WebSockets straight away, without the negotiate round trip: behind a proxy that spreads
    // requests over replicas without sticky sessions, negotiate and connect could meet two replicas.
    // ?alerts=summary: the open alerts on connect as list rows (alerts_snapshot), a third fewer
    // bytes than whole alerts; the bytes are most of the first view's time at 10,000 open alerts.
    .withUrl('/hubs/monitoring?alerts=summary', { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => reconnectDelay(c.previousRetryCount, attempts.current) })
    .configureLogging(LogLevel.Warning)
    .build();
  const early: [HubEvent, unknown[]][] = [];
  for (const event of HUB_EVENTS) connection.on(event, (...args: unknown[]) => early.push([event, args]));
  performance.mark('monitor:hub-start');
  const started = connection.start().then(() => void performance.mark('monitor:hub-connected'));
  // A failed first start is the hook's to show; this keeps it from being an unhandled rejection.
  started.catch(() => undefined);
  return { connection, attempts, started, early };
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
