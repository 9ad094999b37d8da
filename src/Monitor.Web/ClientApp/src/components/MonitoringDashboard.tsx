import { useEffect, useMemo, useState } from 'react';
import { useMonitoringWebSocket, type MetricsPoint } from '../hooks/useMonitoringWebSocket';
import { monitoring } from '../services/monitoring';
import type { Identity } from '../types';
import { AlertsPanel } from './AlertsPanel';
import { MetricCard } from './MetricCard';
import { SignIn } from './SignIn';
import { SystemHealthIndicator } from './SystemHealthIndicator';
import { ThemeToggle } from './ThemeToggle';
import { TimeSeriesChart } from './TimeSeriesChart';

/** The dashboard's states (docs/architecture.md, the seed's state machines). */
export type DashboardState = 'loading' | 'displaying' | 'updating' | 'error' | 'recovering';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function MonitoringDashboard() {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [history, setHistory] = useState<Record<string, MetricsPoint[]>>({});
  const live = useMonitoringWebSocket(history);
  const [updating, setUpdating] = useState(false);
  const [job, setJob] = useState('');

  useEffect(() => {
    monitoring.me().then(setIdentity, () => setIdentity(null));
    // A reloaded page draws the last 15 minutes at once.
    monitoring.metricsHistory().then(
      (page) => {
        const series: Record<string, MetricsPoint[]> = {};
        for (const pipeline of page.items) {
          series[pipeline.job] = pipeline.points.map((p) => ({
            time: Date.parse(p.timestamp),
            errorRate: p.errorRate,
            successRate: p.successRate,
            averageProcessingTime: p.averageProcessingTime,
          }));
        }
        setHistory(series);
      },
      () => undefined,
    );
  }, []);

  useEffect(() => {
    if (live.lastUpdate === null) return;
    setUpdating(true);
    const timer = setTimeout(() => setUpdating(false), 300);
    return () => clearTimeout(timer);
  }, [live.lastUpdate]);

  const jobs = useMemo(() => Object.keys(live.metrics).sort(), [live.metrics]);
  const selected = job && live.metrics[job] ? job : jobs[0] ?? '';
  const metrics = selected ? live.metrics[selected] : undefined;
  const status = selected ? live.status[selected] : undefined;
  const points = (selected && live.series[selected]) || [];
  const alerts = useMemo(() => Object.values(live.alerts), [live.alerts]);
  const alertJobs = useMemo(() => [...new Set([...jobs, ...alerts.map((a) => a.labels.job).filter(Boolean)])].sort(), [jobs, alerts]);

  const state: DashboardState =
    live.connection === 'failed'
      ? 'error'
      : live.connection === 'reconnecting'
        ? 'recovering'
        : live.lastUpdate === null && live.connection !== 'connected'
          ? 'loading'
          : updating
            ? 'updating'
            : 'displaying';

  const times = useMemo(() => points.map((p) => p.time / 1000), [points]);
  const rates = useMemo(
    () => [
      { label: 'error rate', values: points.map((p) => p.errorRate), color: '#d9534f' },
      { label: 'success rate', values: points.map((p) => p.successRate), color: '#2e8b57' },
    ],
    [points],
  );
  const latency = useMemo(() => [{ label: 'average ms', values: points.map((p) => p.averageProcessingTime), color: '#3b7dd8' }], [points]);

  return (
    <div className="dashboard" data-state={state} data-testid="dashboard">
      <header>
        <h1>PipelineMonitor</h1>
        <SystemHealthIndicator health={live.health} connection={live.connection} onRetry={live.retry} />
        <ThemeToggle />
        <SignIn identity={identity} onChange={setIdentity} />
      </header>
      <p className="dashboard-state" data-testid="dashboard-state">
        {state}
      </p>
      <main>
        <section aria-label="Pipeline">
          <label className="pipeline-picker">
            Pipeline
            <select value={selected} onChange={(e) => setJob(e.target.value)} data-testid="pipeline">
              {jobs.length === 0 && <option value="">no pipeline has reported yet</option>}
              {jobs.map((j) => (
                <option key={j} value={j}>
                  {j}
                </option>
              ))}
            </select>
          </label>
          <div className="cards">
            <MetricCard label="Modules processed" value={metrics ? String(metrics.totalModulesProcessed) : '–'} testId="card-modules" />
            <MetricCard label="Resources generated" value={metrics ? String(metrics.totalResourcesGenerated) : '–'} testId="card-resources" />
            <MetricCard
              label="Success rate"
              value={metrics ? percent(metrics.successRate) : '–'}
              detail={metrics ? `${metrics.sampleCount} spans in the window` : undefined}
              tone={metrics && metrics.sampleCount > 0 && metrics.errorRate >= 0.2 ? 'critical' : metrics && metrics.errorRate >= 0.05 ? 'warning' : 'normal'}
              testId="card-success"
            />
            <MetricCard label="Average processing time" value={metrics ? `${metrics.averageProcessingTime.toFixed(0)} ms` : '–'} testId="card-latency" />
            <MetricCard
              label="Active / queued modules"
              value={status ? `${status.activeModules} / ${status.queuedModules}` : '–'}
              detail={status ? (status.isRunning ? `running for ${status.uptime} s` : 'not running') : undefined}
              testId="card-active"
            />
          </div>
          <div className="charts">
            <TimeSeriesChart title="Success and error rate" times={times} series={rates} />
            <TimeSeriesChart title="Average processing time (ms)" times={times} series={latency} />
          </div>
        </section>
        <AlertsPanel alerts={alerts} canAcknowledge={identity?.role === 'admin'} jobs={alertJobs} />
      </main>
    </div>
  );
}
