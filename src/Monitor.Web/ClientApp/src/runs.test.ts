import { describe, expect, it } from 'vitest';
import { missingStages, nextRunWords, runState } from './runs';
import type { RunView } from './types';

const run = (overrides: Partial<RunView> = {}): RunView => ({
  job: 'nightly',
  runId: 'r-1',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  rootSpanId: null,
  startedAt: '2026-11-26T01:00:00.0000000+00:00',
  endedAt: null,
  lastSpanAt: '2026-11-26T01:05:00+00:00',
  durationSeconds: 300,
  stages: ['module_generation', 'hooks'],
  outcome: null,
  ...overrides,
});

describe('runs', () => {
  it('lists the stages a run did not send, in pipeline order', () => {
    expect(missingStages(run())).toEqual(['resource_generation', 'validation']);
    expect(missingStages(run({ stages: ['hooks', 'validation', 'resource_generation', 'module_generation'] }))).toEqual([]);
  });

  it('says how long an active run has been running, and an ended run its outcome', () => {
    expect(runState(run(), Date.parse('2026-11-26T01:12:00Z'))).toBe('running for 12 min');
    expect(runState(run({ outcome: 'abandoned' }), Date.parse('2026-11-26T01:12:00Z'))).toBe('abandoned');
  });

  it('says when the next run is expected, or that it is overdue', () => {
    const now = Date.parse('2026-11-26T01:00:00Z');
    expect(nextRunWords('2026-11-26T04:05:00+00:00', now)).toBe('in 3 h 5 min');
    expect(nextRunWords('2026-11-26T00:56:00+00:00', now)).toBe('due 4 min ago');
    expect(nextRunWords(null, now)).toBe('–');
  });
});
