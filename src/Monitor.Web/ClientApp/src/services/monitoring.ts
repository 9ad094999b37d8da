// The REST API (docs/api.md). Cookie-authenticated writes carry the custom header the
// server requires against cross-site requests.
import type {
  AlertQueryParams,
  AlertTransition,
  BulkAcknowledgeResult,
  Identity,
  MonitoringConfig,
  NotificationRecord,
  OpenAlerts,
  Page,
  PerformanceAlert,
  PipelineHistory,
  PipelineLastRun,
  PipelineRuns,
  UiSettings,
} from '../types';

const WRITE_HEADERS = { 'Content-Type': 'application/json', 'X-Monitor-Request': '1' };

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    /** Seconds the server asked to wait (Retry-After), when it did. */
    public readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Runs a write again while the server answers 503 (the store could not take it: nothing was
 * recorded) or 429, waiting what Retry-After asks (at most 10 s), at most `attempts` times in all.
 */
export async function retryUnavailable<T>(
  write: () => Promise<T>,
  onRetry: (seconds: number) => void = () => undefined,
  attempts = 4,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 503 && e.status !== 429) || attempt >= attempts) throw e;
      const seconds = Math.min(e.retryAfter ?? 2, 10);
      onRetry(seconds);
      await sleep(seconds * 1000);
    }
  }
}

async function send<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not a problem-details body
    }
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    throw new ApiError(response.status, detail, Number.isNaN(retryAfter) ? null : retryAfter);
  }
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

export const monitoring = {
  me: () => send<Identity>('/api/auth/me'),
  signIn: (token: string, name?: string) =>
    send<Identity>('/api/auth/sign-in', { method: 'POST', headers: WRITE_HEADERS, body: JSON.stringify({ token, name: name || null }) }),
  signOut: () => send<void>('/api/auth/sign-out', { method: 'POST', headers: WRITE_HEADERS }),
  metricsHistory: (window = '00:15:00', pageSize = 100) =>
    send<Page<PipelineHistory>>(`/api/metrics/history?window=${encodeURIComponent(window)}&pageSize=${pageSize}`),
  alerts: (query: AlertQueryParams = {}) => send<Page<PerformanceAlert>>(`/api/alerts${queryString(query)}`),
  /** The open alerts as list rows and their digest (the hub's SyncAlerts compares it). */
  openAlerts: () => send<OpenAlerts>('/api/alerts/open'),
  alert: (id: string) => send<PerformanceAlert>(`/api/alerts/${encodeURIComponent(id)}`),
  config: () => send<MonitoringConfig>('/api/config'),
  runs: (job: string) => send<PipelineRuns>(`/api/runs/${encodeURIComponent(job)}`),
  lastRuns: () => send<PipelineLastRun[]>('/api/runs?pageSize=1000'),
  ui: () => send<UiSettings>('/api/ui'),
  history: (id: string) => send<AlertTransition[]>(`/api/alerts/${encodeURIComponent(id)}/history`),
  notifications: (id: string) => send<NotificationRecord[]>(`/api/alerts/${encodeURIComponent(id)}/notifications`),
  acknowledge: (id: string, comment: string | null, duration: string | null) =>
    send<{ result: string; alert: PerformanceAlert }>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {
      method: 'POST',
      headers: WRITE_HEADERS,
      body: JSON.stringify({ comment: comment || null, duration }),
    }),
  acknowledgeMany: (ids: string[], comment: string | null, duration: string | null) =>
    send<{ results: BulkAcknowledgeResult[] }>('/api/alerts/acknowledge', {
      method: 'POST',
      headers: WRITE_HEADERS,
      body: JSON.stringify({ ids, comment: comment || null, duration }),
    }),
  unacknowledge: (id: string, comment: string | null) =>
    send<{ result: string; alert: PerformanceAlert }>(`/api/alerts/${encodeURIComponent(id)}/unacknowledge`, {
      method: 'POST',
      headers: WRITE_HEADERS,
      body: JSON.stringify({ comment: comment || null }),
    }),
};

/** The most ids POST /api/alerts/acknowledge takes at once (BulkAcknowledgeRequest.MaxIds). */
export const MAX_BULK_IDS = 500;

/**
 * Acknowledges any number of alerts with one comment and duration: in requests of at most
 * MAX_BULK_IDS, one after another, each asked again while the store cannot take it (acknowledging
 * is idempotent, so a batch the store took in part is simply sent again). One result per id, in order.
 */
export async function acknowledgeAll(
  ids: string[],
  comment: string | null,
  duration: string | null,
  onRetry: (seconds: number) => void = () => undefined,
  acknowledgeMany: typeof monitoring.acknowledgeMany = monitoring.acknowledgeMany,
): Promise<BulkAcknowledgeResult[]> {
  const results: BulkAcknowledgeResult[] = [];
  for (let start = 0; start < ids.length; start += MAX_BULK_IDS) {
    const batch = ids.slice(start, start + MAX_BULK_IDS);
    results.push(...(await retryUnavailable(() => acknowledgeMany(batch, comment, duration), onRetry)).results);
  }
  return results;
}

/** `?a=1&b=2` of the parameters that are set ('' when none). */
function queryString(query: AlertQueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
