import { useEffect, useRef, useState } from 'react';
import { duration } from '../alerts';
import { traceLink } from '../links';
import { missingStages, nextRunWords, runState } from '../runs';
import { ApiError, monitoring } from '../services/monitoring';
import type { PipelineRuns, RunView } from '../types';

const REFRESH_MS = 10_000;

interface RunsPanelProps {
  job: string;
  traceUrlTemplate: string | null | undefined;
  /** The hub is not connected: the monitor is known to be away, so no refresh is asked (it would only fail). */
  paused: boolean;
}

/** The selected pipeline's runs: active ones, the last ended ones, the next expected run; refreshed every 10 s while connected. */
export function RunsPanel({ job, traceUrlTemplate, paused }: RunsPanelProps) {
  const [runs, setRuns] = useState<PipelineRuns | null>(null);
  // A failed refresh is shown here and tried again; it does not turn the whole dashboard to Error
  // (a refresh in flight when the monitor restarts fails, while the hub's reconnect is Recovering).
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    let cancelled = false;
    setRuns(null);
    const load = () =>
      monitoring.runs(job).then(
        (loaded) => {
          if (cancelled) return;
          setRuns(loaded);
          setNow(Date.now());
          setFailed(false);
        },
        (error: unknown) => {
          if (cancelled) return;
          // 404: this pipeline has no run and no schedule, which is no failure of the monitor.
          if (error instanceof ApiError && error.status === 404) {
            setRuns({ job, active: [], ended: [], schedule: null });
            setFailed(false);
          } else {
            setFailed(true);
          }
        },
      );
    void load();
    const timer = window.setInterval(() => !pausedRef.current && void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [job]);

  const all = runs ? [...runs.active, ...runs.ended] : [];
  return (
    <section className="runs" aria-labelledby="runs-heading" data-testid="runs-panel">
      <h3 id="runs-heading">Runs</h3>
      {failed && (
        <p className="error" role="status" data-testid="runs-error">
          Runs are not available; trying again.
        </p>
      )}
      <p data-testid="next-run">
        Next expected run: {runs?.schedule ? `${nextRunWords(runs.schedule.nextExpectedRun, now)} (${runs.schedule.cron}, ${runs.schedule.timeZone})` : 'no schedule'}
      </p>
      {runs === null ? (
        <p className="empty">Loading runs…</p>
      ) : all.length === 0 ? (
        <p className="empty" data-testid="runs-empty">No run of this pipeline has been seen.</p>
      ) : (
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Stages</th>
              <th scope="col">Outcome</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {all.map((run) => (
              <RunRow key={run.runId} run={run} now={now} traceUrlTemplate={traceUrlTemplate} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunRow({ run, now, traceUrlTemplate }: { run: RunView; now: number; traceUrlTemplate: string | null | undefined }) {
  const missing = missingStages(run);
  const href = traceLink(traceUrlTemplate, run.traceId);
  return (
    <tr data-testid="run-row" data-run={run.runId} data-outcome={run.outcome ?? 'active'}>
      <th scope="row">{run.runId}</th>
      <td>{new Date(run.startedAt).toLocaleString()}</td>
      <td>{duration(run.durationSeconds * 1000)}</td>
      <td data-testid="run-stages">
        {run.stages.length} of 4{missing.length > 0 && <span className="missing"> (no {missing.join(', ')})</span>}
      </td>
      <td>
        <span className={`badge outcome-${run.outcome ?? 'active'}`}>{runState(run, now)}</span>
      </td>
      <td>{href ? <a href={href}>{run.traceId.slice(0, 8)}…</a> : <code>{run.traceId.slice(0, 8)}…</code>}</td>
    </tr>
  );
}
