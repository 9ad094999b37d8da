// The REST API (docs/api.md). Cookie-authenticated writes carry the custom header the
// server requires against cross-site requests.
import type { AlertTransition, Identity, Page, PerformanceAlert, PipelineHistory } from '../types';

const WRITE_HEADERS = { 'Content-Type': 'application/json', 'X-Monitor-Request': '1' };

export class ApiError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
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
    throw new ApiError(response.status, detail);
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
  alerts: (status?: string) => send<Page<PerformanceAlert>>(status ? `/api/alerts?status=${encodeURIComponent(status)}` : '/api/alerts'),
  history: (id: string) => send<AlertTransition[]>(`/api/alerts/${encodeURIComponent(id)}/history`),
  acknowledge: (id: string, comment: string | null, duration: string | null) =>
    send<{ result: string; alert: PerformanceAlert }>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {
      method: 'POST',
      headers: WRITE_HEADERS,
      body: JSON.stringify({ comment: comment || null, duration }),
    }),
};
