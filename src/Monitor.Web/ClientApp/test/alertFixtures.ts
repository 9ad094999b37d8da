import type { PerformanceAlert } from '../src/types';

/** An alert for UI tests; override what the test is about. */
export function alert(overrides: Partial<PerformanceAlert> = {}): PerformanceAlert {
  return {
    id: 'a1', type: 'error_rate', severity: 'warning', message: 'error rate high', timestamp: '2026-11-25T12:00:00Z',
    moduleId: null, resourceId: null, data: {}, acknowledged: false, status: 'firing', fingerprint: 'f', labels: { job: 'p1' },
    count: 1, lastSeen: '2026-11-25T12:00:00Z', acknowledgedBy: null, acknowledgedAt: null, acknowledgeComment: null,
    acknowledgedUntil: null, resolvedAt: null, evidence: [], version: 1, ...overrides,
  };
}
