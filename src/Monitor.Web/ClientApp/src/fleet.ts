// The fleet view's rows: every pipeline with its health, error rate, throughput and open alerts, worst first.
import type { MonitoringConfig, PerformanceAlert, PipelineMetrics, PipelineStatus, Threshold } from './types';

export type PipelineHealth = 'critical' | 'warning' | 'idle' | 'healthy';

export interface FleetRow {
  job: string;
  health: PipelineHealth;
  errorRate: number;
  samples: number;
  running: boolean;
  firing: number;
  acknowledged: number;
}

const rank: Record<PipelineHealth, number> = { critical: 0, warning: 1, idle: 2, healthy: 3 };

/** How a rate compares with a rule's thresholds (higher is worse); 'normal' with too few samples or the rule off. */
export function toneOf(value: number, samples: number, threshold: Threshold | undefined): 'normal' | 'warning' | 'critical' {
  if (!threshold || !threshold.enabled || samples < threshold.minSamples) return 'normal';
  if (value >= threshold.critical) return 'critical';
  return value >= threshold.warning ? 'warning' : 'normal';
}

export function fleetRows(
  metrics: Record<string, PipelineMetrics>,
  status: Record<string, PipelineStatus>,
  alerts: PerformanceAlert[],
  config: MonitoringConfig | null,
): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const m of Object.values(metrics)) {
    const open = alerts.filter((a) => a.labels.job === m.job && (a.status === 'firing' || a.status === 'acknowledged'));
    const firing = open.filter((a) => a.status === 'firing');
    const tone = toneOf(m.errorRate, m.sampleCount, config?.alertThresholds.errorRate);
    const running = status[m.job]?.isRunning ?? m.sampleCount > 0;
    const health: PipelineHealth = firing.some((a) => a.severity === 'critical') || tone === 'critical'
      ? 'critical'
      : firing.length > 0 || tone === 'warning'
        ? 'warning'
        : running
          ? 'healthy'
          : 'idle';
    rows.push({ job: m.job, health, errorRate: m.errorRate, samples: m.sampleCount, running, firing: firing.length, acknowledged: open.length - firing.length });
  }
  return rows.sort((a, b) => rank[a.health] - rank[b.health] || b.firing - a.firing || b.errorRate - a.errorRate || a.job.localeCompare(b.job));
}
