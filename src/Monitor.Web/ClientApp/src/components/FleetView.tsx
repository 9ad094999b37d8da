import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { fleetRows } from '../fleet';
import { lastRunWords } from '../runs';
import { monitoring } from '../services/monitoring';
import type { MonitoringConfig, AlertSummary, PipelineLastRun, PipelineSummary } from '../types';

const RUNS_REFRESH_MS = 10_000;

interface FleetViewProps {
  /** The fleet summary: every pipeline, whichever the page watches. */
  fleet: Record<string, PipelineSummary>;
  alerts: AlertSummary[];
  config: MonitoringConfig | null;
  onOpen: (job: string) => void;
  /** The hub is not connected: no refresh of the runs is asked meanwhile. */
  paused: boolean;
}

/** Every pipeline on one page, worst first; a row opens the pipeline. */
export function FleetView({ fleet, alerts, config, onOpen, paused }: FleetViewProps) {
  const rows = useMemo(() => fleetRows(fleet, alerts, config), [fleet, alerts, config]);
  const [lastRuns, setLastRuns] = useState<Record<string, PipelineLastRun>>({});
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      // A failed refresh keeps the last runs shown and is tried again; the fleet's own data comes from the hub.
      monitoring.lastRuns().then(
        (lines) => !cancelled && setLastRuns(Object.fromEntries(lines.map((line) => [line.job, line]))),
        () => undefined,
      );
    void load();
    const timer = window.setInterval(() => !pausedRef.current && void load(), RUNS_REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, []);
  const now = Date.now();
  const open = (job: string) => (event: MouseEvent) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    onOpen(job);
  };
  return (
    <section className="fleet" aria-labelledby="fleet-heading">
      <h2 id="fleet-heading">Fleet: {rows.length} pipelines</h2>
      {rows.length === 0 ? (
        <p className="empty">No pipeline has reported yet.</p>
      ) : (
        <table data-testid="fleet-table">
          <thead>
            <tr>
              <th scope="col">Pipeline</th>
              <th scope="col">Health</th>
              <th scope="col">Error rate</th>
              <th scope="col">Spans in the window</th>
              <th scope="col">Firing</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Last run</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.job} className={`fleet-${row.health}`} data-testid="fleet-row" data-job={row.job} data-health={row.health}>
                <th scope="row">
                  <a href={`/?pipeline=${encodeURIComponent(row.job)}`} onClick={open(row.job)}>
                    {row.job}
                  </a>
                </th>
                <td>
                  <span className={`badge health-${row.health}`}>{row.health}</span>
                </td>
                <td>{(row.errorRate * 100).toFixed(1)} %</td>
                <td>{row.samples}</td>
                <td>{row.firing}</td>
                <td>{row.acknowledged}</td>
                <td data-testid="fleet-last-run">
                  {lastRunWords(lastRuns[row.job]?.lastRun, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
