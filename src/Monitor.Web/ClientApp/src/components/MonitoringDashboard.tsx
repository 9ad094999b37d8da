import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_FILTER, type AlertFilter } from '../alerts';
import { useAttention } from '../attention';
import { dashboardState } from '../dashboardState';
import { toneOf } from '../fleet';
import { timeOf } from '../time';
import { useMonitoringHub, type MetricsPoint } from '../hooks/useMonitoringHub';
import { useRoute, type Route } from '../route';
import { monitoring } from '../services/monitoring';
import type { Identity, MonitoringConfig, UiSettings } from '../types';
import { AlertDetail } from './AlertDetail';
import { AlertsPanel } from './AlertsPanel';
import { AttentionSettings } from './AttentionSettings';
import { FleetView } from './FleetView';
import { MetricCard } from './MetricCard';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SignIn } from './SignIn';
import { RunsPanel } from './RunsPanel';
import { StageTable } from './StageTable';
import { SystemHealthIndicator } from './SystemHealthIndicator';
import { ThemeToggle } from './ThemeToggle';
import { TimeSeriesChart, type ChartSeries } from './TimeSeriesChart';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const RETRY_REST_MS = 5_000;

export function MonitoringDashboard() {
  const [route, navigate] = useRoute();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [history, setHistory] = useState<Record<string, MetricsPoint[]>>({});
  const [config, setConfig] = useState<MonitoringConfig | null>(null);
  const [settings, setSettings] = useState<UiSettings | null>(null);
  const live = useMonitoringHub(history, settings?.reconnectAttempts);
  const [updating, setUpdating] = useState(false);
  const [restFailed, setRestFailed] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const [help, setHelp] = useState(false);

  const onRest = useCallback((ok: boolean) => {
    setRestFailed((failed) => {
      if (ok && failed) setRecovering(true);
      return !ok;
    });
  }, []);

  const load = useCallback(() => {
    monitoring.me().then(setIdentity, () => setIdentity(null));
    monitoring.ui().then(setSettings, () => undefined);
    monitoring.config().then(
      (c) => {
        setConfig(c);
        onRest(true);
      },
      () => onRest(false),
    );
    // A reloaded page draws the last 15 minutes at once.
    monitoring.metricsHistory().then(
      (page) => {
        const series: Record<string, MetricsPoint[]> = {};
        for (const pipeline of page.items) {
          series[pipeline.job] = pipeline.points.map((p) => ({
            time: timeOf(p.timestamp),
            errorRate: p.errorRate,
            successRate: p.successRate,
            averageProcessingTime: p.averageProcessingTime,
          }));
        }
        setHistory(series);
      },
      () => onRest(false),
    );
  }, [onRest]);
  useEffect(load, [load]);

  // After a REST failure, the calls are tried again every few seconds until they work.
  useEffect(() => {
    if (!restFailed) return;
    const timer = setInterval(load, RETRY_REST_MS);
    return () => clearInterval(timer);
  }, [restFailed, load]);

  useEffect(() => {
    if (live.lastUpdate === null) return;
    setUpdating(true);
    setRecovering(false);
    const timer = setTimeout(() => setUpdating(false), 300);
    return () => clearTimeout(timer);
  }, [live.lastUpdate]);
  // Recovering ends with fresh data, or after a few seconds when no pipeline sends any.
  useEffect(() => {
    if (!recovering) return;
    const timer = setTimeout(() => setRecovering(false), 3000);
    return () => clearTimeout(timer);
  }, [recovering]);
  useEffect(() => {
    if (live.connection === 'reconnecting') setRecovering(true);
  }, [live.connection]);

  const jobs = useMemo(() => Object.keys(live.fleet).sort(), [live.fleet]);
  const selected = route.pipeline && live.fleet[route.pipeline] ? route.pipeline : (jobs[0] ?? '');
  const metrics = selected ? live.metrics[selected] : undefined;
  // Only the selected pipeline's full figures come live (its group); the others' summary comes to every page.
  const { watch } = live;
  useEffect(() => {
    if (live.connection === 'connected' && selected) watch(selected);
  }, [live.connection, selected, watch]);
  const status = selected ? live.status[selected] : undefined;
  const points = useMemo(() => (selected && live.series[selected]) || [], [selected, live.series]);
  const alerts = useMemo(() => [...live.alerts.values()], [live.alerts]);
  const alertJobs = useMemo(() => [...new Set([...jobs, ...alerts.map((a) => a.labels.job).filter(Boolean)])].sort(), [jobs, alerts]);
  const rules = useMemo(() => [...new Set(alerts.map((a) => a.type))].sort(), [alerts]);
  const attention = useAttention(alerts, live.alertsLoaded);
  const errorRate = config?.alertThresholds.errorRate;

  const state = dashboardState({
    connection: live.connection,
    restFailed,
    recovering,
    hasData: live.lastUpdate !== null,
    updating,
  });

  const go = useCallback((change: Partial<Route>, mode: 'push' | 'replace' = 'push') => navigate({ ...route, ...change }, mode), [navigate, route]);
  const onFilter = useCallback((filter: AlertFilter) => go({ filter }, 'replace'), [go]);
  const openAlert = useCallback((id: string) => go({ view: { kind: 'alert', id } }), [go]);
  const openPipeline = useCallback((job: string) => go({ view: { kind: 'dashboard' }, pipeline: job }), [go]);

  // '?' lists the shortcuts, 'g' then 'f' opens the fleet, Escape goes back from an alert.
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || document.querySelector('[role=dialog]')) return;
      if (e.key === '?') setHelp(true);
      else if (e.key === 'g') pendingG = true;
      else if (pendingG && e.key === 'f') go({ view: { kind: 'fleet' } });
      else if (e.key === 'Escape' && route.view.kind !== 'dashboard') go({ view: { kind: 'dashboard' } });
      if (e.key !== 'g') pendingG = false;
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [go, route.view.kind]);

  const times = useMemo(() => points.map((p) => p.time / 1000), [points]);
  const rates = useMemo(() => {
    const lines: ChartSeries[] = [
      { label: 'error rate', values: points.map((p) => p.errorRate), color: '#d9534f' },
      { label: 'success rate', values: points.map((p) => p.successRate), color: '#2e8b57' },
    ];
    // The error-rate rule's thresholds as reference lines, from the server's configuration.
    if (errorRate?.enabled) {
      lines.push({ label: 'error rate warning', values: points.map(() => errorRate.warning), color: '#b7791f', dash: [6, 4] });
      lines.push({ label: 'error rate critical', values: points.map(() => errorRate.critical), color: '#c53030', dash: [6, 4] });
    }
    return lines;
  }, [points, errorRate]);
  const latency = useMemo(() => [{ label: 'average ms', values: points.map((p) => p.averageProcessingTime), color: '#3b7dd8' }], [points]);

  const canAcknowledge = identity?.role === 'admin';
  const nav = (kind: 'dashboard' | 'fleet') => (event: React.MouseEvent) => {
    event.preventDefault();
    go({ view: { kind } });
  };

  return (
    <div className="dashboard" data-state={state} data-testid="dashboard">
      <header>
        <h1>PipelineMonitor</h1>
        <nav aria-label="Views" className="views">
          <a href="/" onClick={nav('dashboard')} aria-current={route.view.kind === 'dashboard' ? 'page' : undefined} data-testid="nav-dashboard">
            Pipeline
          </a>
          <a href="/fleet" onClick={nav('fleet')} aria-current={route.view.kind === 'fleet' ? 'page' : undefined} data-testid="nav-fleet">
            Fleet
          </a>
        </nav>
        <SystemHealthIndicator health={live.health} connection={live.connection} onRetry={live.retry} />
        <AttentionSettings preferences={attention.preferences} onChange={(c) => void attention.update(c)} />
        <button type="button" className="small" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" data-testid="shortcuts-open">
          ?
        </button>
        <ThemeToggle />
        <SignIn identity={identity} onChange={setIdentity} />
      </header>
      <p className="dashboard-state" data-testid="dashboard-state">
        {state}
        {restFailed && ' — the monitor did not answer; trying again'}
      </p>
      <main>
        {route.view.kind === 'fleet' ? (
          <FleetView fleet={live.fleet} alerts={alerts} config={config} onOpen={openPipeline} paused={live.connection !== 'connected'} />
        ) : route.view.kind === 'alert' ? (
          <AlertDetail
            id={route.view.id}
            live={live.alerts.get(route.view.id)}
            canAcknowledge={canAcknowledge}
            settings={settings}
            onBack={() => (window.history.length > 1 ? window.history.back() : go({ view: { kind: 'dashboard' } }))}
            onPipeline={openPipeline}
            onRest={onRest}
          />
        ) : (
          <section aria-label="Pipeline">
            <label className="pipeline-picker">
              Pipeline
              <select value={selected} onChange={(e) => go({ pipeline: e.target.value }, 'replace')} data-testid="pipeline">
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
                tone={metrics ? toneOf(metrics.errorRate, metrics.sampleCount, errorRate) : 'normal'}
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
            <StageTable metrics={metrics} errorRate={errorRate} />
            {selected && (
              <RunsPanel job={selected} traceUrlTemplate={settings?.traceUrlTemplate} paused={live.connection !== 'connected'} />
            )}
            <div className="charts">
              <TimeSeriesChart title="Success and error rate" times={times} series={rates} />
              <TimeSeriesChart title="Average processing time (ms)" times={times} series={latency} />
            </div>
          </section>
        )}
        <AlertsPanel
          alerts={alerts}
          loaded={live.alertsLoaded}
          canAcknowledge={canAcknowledge}
          jobs={alertJobs}
          rules={rules}
          filter={route.filter ?? DEFAULT_FILTER}
          onFilter={onFilter}
          onOpen={openAlert}
          onRest={onRest}
          shortcuts={!help}
        />
      </main>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
