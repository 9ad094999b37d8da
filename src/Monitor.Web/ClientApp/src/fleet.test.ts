import { describe, expect, it } from 'vitest';
import { alert } from '../test/alertFixtures';
import { fleetRows, toneOf } from './fleet';
import type { MonitoringConfig, PipelineMetrics } from './types';

const threshold = { enabled: true, warning: 0.05, critical: 0.2, minSamples: 20 };
const config = { alertThresholds: { errorRate: threshold, successRate: threshold, averageProcessingTime: threshold } } as MonitoringConfig;
const metrics = (job: string, errorRate: number, sampleCount = 100) => ({ job, errorRate, sampleCount }) as PipelineMetrics;

describe('the fleet', () => {
  it('colours a rate by the thresholds from the server, not below the minimum of samples', () => {
    expect(toneOf(0.3, 100, threshold)).toBe('critical');
    expect(toneOf(0.06, 100, threshold)).toBe('warning');
    expect(toneOf(0.3, 5, threshold)).toBe('normal');
    expect(toneOf(0.3, 100, { ...threshold, enabled: false })).toBe('normal');
  });

  it('lists the worst pipeline first: critical alerts or rate, then warnings, then idle, then healthy', () => {
    const rows = fleetRows(
      { ok: metrics('ok', 0), hot: metrics('hot', 0.01), bad: metrics('bad', 0.3), idle: metrics('idle', 0, 0), warn: metrics('warn', 0.07) },
      { idle: { job: 'idle', isRunning: false } as never },
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
