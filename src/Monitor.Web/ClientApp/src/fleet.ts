// The fleet view's rows: every pipeline with its health, error rate, throughput and open alerts, worst first.
import type { MonitoringConfig, AlertSummary, PipelineSummary, Threshold } from './types';

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
  fleet: Record<string, PipelineSummary>,
  alerts: AlertSummary[],
  config: MonitoringConfig | null,
): FleetRow[] {
  // Open alerts counted per pipeline in one pass (a storm has thousands; the fleet up to Collector:MaxPipelines rows).
  const open = new Map<string, { firing: number; critical: number; acknowledged: number }>();
  for (const a of alerts) {
    if (a.status !== 'firing' && a.status !== 'acknowledged') continue;
    const counts = open.get(a.labels.job) ?? { firing: 0, critical: 0, acknowledged: 0 };
    if (a.status === 'acknowledged') counts.acknowledged++;
    else {
      counts.firing++;
      if (a.severity === 'critical') counts.critical++;
    }
    open.set(a.labels.job, counts);
  }
  const rows: FleetRow[] = [];
  for (const m of Object.values(fleet)) {
    const { firing, critical, acknowledged } = open.get(m.job) ?? { firing: 0, critical: 0, acknowledged: 0 };
    const tone = toneOf(m.errorRate, m.sampleCount, config?.alertThresholds.errorRate);
    const running = m.isRunning;
    const health: PipelineHealth = critical > 0 || tone === 'critical' ? 'critical' : firing > 0 || tone === 'warning' ? 'warning' : running ? 'healthy' : 'idle';
    rows.push({ job: m.job, health, errorRate: m.errorRate, samples: m.sampleCount, running, firing, acknowledged });
  }
  return rows.sort((a, b) => rank[a.health] - rank[b.health] || b.firing - a.firing || b.errorRate - a.errorRate || a.job.localeCompare(b.job));
}
