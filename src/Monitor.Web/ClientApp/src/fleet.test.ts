import { describe, expect, it } from 'vitest';
import { alert } from '../test/alertFixtures';
import { fleetRows, toneOf } from './fleet';
import type { MonitoringConfig, PipelineSummary } from './types';

const threshold = { enabled: true, warning: 0.05, critical: 0.2, minSamples: 20 };
const config = { alertThresholds: { errorRate: threshold, successRate: threshold, averageProcessingTime: threshold } } as MonitoringConfig;
const summary = (job: string, errorRate: number, sampleCount = 100): PipelineSummary => ({ job, errorRate, sampleCount, isRunning: sampleCount > 0 });

describe('the fleet', () => {
  it('colours a rate by the thresholds from the server, not below the minimum of samples', () => {
    expect(toneOf(0.3, 100, threshold)).toBe('critical');
    expect(toneOf(0.06, 100, threshold)).toBe('warning');
    expect(toneOf(0.3, 5, threshold)).toBe('normal');
    expect(toneOf(0.3, 100, { ...threshold, enabled: false })).toBe('normal');
  });

  it('lists the worst pipeline first: critical alerts or rate, then warnings, then idle, then healthy', () => {
    const rows = fleetRows(
      { ok: summary('ok', 0), hot: summary('hot', 0.01), bad: summary('bad', 0.3), idle: summary('idle', 0, 0), warn: summary('warn', 0.07) },
      [alert({ id: '1', severity: 'critical', labels: { job: 'hot' } })],
      config,
    );
    expect(rows.map((r) => [r.job, r.health])).toEqual([
      ['hot', 'critical'],
      ['bad', 'critical'],
      ['warn', 'warning'],
      ['idle', 'idle'],
      ['ok', 'healthy'],
    ]);
  });
});
