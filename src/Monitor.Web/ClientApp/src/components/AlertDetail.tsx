import { useEffect, useState, type MouseEvent } from 'react';
import { ageOf, isNewer, responseTimes } from '../alerts';
import { useNow } from '../hooks/useNow';
import { grafanaLink, traceLink } from '../links';
import { ApiError, monitoring, retryUnavailable } from '../services/monitoring';
import { isWholeAlert, type AlertSummary, type AlertTransition, type NotificationRecord, type PerformanceAlert, type UiSettings } from '../types';
import { AcknowledgeDialog } from './AcknowledgeDialog';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

interface AlertDetailProps {
  id: string;
  /** The live copy, when the alert is open: newer versions replace what was fetched. */
  live: AlertSummary | undefined;
  canAcknowledge: boolean;
  settings: UiSettings | null;
  onBack: () => void;
  onPipeline: (job: string) => void;
  onRest?: (ok: boolean) => void;
}

/**
 * One alert, at /alerts/{id}: labels, data, evidence with links to the traces, its whole history
 * and notifications, acknowledge and un-acknowledge. Telemetry text is rendered as text; a link is
 * made only of an http(s) address (links.ts).
 */
export function AlertDetail({ id, live, canAcknowledge, settings, onBack, onPipeline, onRest }: AlertDetailProps) {
  const now = useNow(15_000);
  const [fetched, setFetched] = useState<PerformanceAlert | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [history, setHistory] = useState<AlertTransition[]>([]);
  const [notifications, setNotifications] = useState<NotificationRecord[]>([]);
  const [acknowledging, setAcknowledging] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The live copy is shown when it is the whole alert and newer; a list row (the hub's first
  // picture) only says that there is a newer version to fetch.
  const whole = live && isWholeAlert(live) ? live : undefined;
  const alert = whole && (!fetched || isNewer(whole, fetched)) ? whole : fetched;
  const version = alert?.version ?? 0;
  const rowVersion = live && !isWholeAlert(live) ? live.version : 0;

  useEffect(() => {
    let current = true;
    setMissing(null);
    monitoring.alert(id).then(
      (a) => {
        if (!current) return;
        setFetched(a);
        onRest?.(true);
      },
      (e: unknown) => {
        if (!current) return;
        if (e instanceof ApiError && e.status === 404) setMissing(`No alert has the id ${id}.`);
        else {
          setMissing(`The alert is not available: ${e instanceof Error ? e.message : 'no answer'}`);
          onRest?.(false);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [id, onRest, rowVersion]);

  // History and notifications again whenever the alert changes.
  useEffect(() => {
    if (version === 0) return;
    let current = true;
    Promise.all([monitoring.history(id), monitoring.notifications(id)]).then(
      ([steps, sent]) => {
        if (!current) return;
        setHistory(steps);
        setNotifications(sent);
      },
      () => current && setError('History is not available.'),
    );
    return () => {
      current = false;
    };
  }, [id, version]);

  const withdraw = async () => {
    setError(null);
    try {
      const answer = await retryUnavailable(() => monitoring.unacknowledge(id, comment), (s) => setError(`The alert store is not available; trying again in ${s} s…`));
      setFetched(answer.alert);
      setWithdrawing(false);
      setComment('');
    } catch (e) {
      setError(e instanceof ApiError ? `Not un-acknowledged: ${e.message}` : 'Un-acknowledging failed.');
    }
  };

  const back = (event: MouseEvent) => {
    event.preventDefault();
    onBack();
  };

  if (!alert) {
    return (
      <section className="alert-detail" aria-label="Alert">
        <a href="/" onClick={back} data-testid="detail-back">
          ← All alerts
        </a>
        <p className={missing ? 'error' : 'empty'} data-testid="detail-missing">
          {missing ?? 'Loading…'}
        </p>
      </section>
    );
  }
  const times = responseTimes(alert);
  const dashboard = grafanaLink(settings?.grafanaUrl, alert.labels.job);
  return (
    <section className={`alert-detail severity-${alert.severity} status-${alert.status}`} aria-labelledby="detail-heading" data-testid="alert-detail" data-alert-id={alert.id}>
      <a href="/" onClick={back} data-testid="detail-back">
        ← All alerts
      </a>
      <h2 id="detail-heading">
        <span className={`badge severity-${alert.severity}`}>{alert.severity}</span>{' '}
        <span className={`badge status-${alert.status}`} data-testid="detail-status">
          {alert.status}
        </span>{' '}
        {alert.type}
      </h2>
      <p className="alert-message" data-testid="detail-message">
        {alert.message}
      </p>
      <p className="alert-meta" data-testid="detail-age">
        {ageOf(alert, now)} · seen {alert.count === 1 ? 'once' : `${alert.count} times`}, last {time(alert.lastSeen)} · fired {time(alert.timestamp)}
        {times.toAcknowledge && ` · acknowledged after ${times.toAcknowledge}`}
        {times.toResolve && ` · closed after ${times.toResolve}`}
      </p>
      {alert.acknowledgedBy && (
        <p className="alert-ack" data-testid="detail-ack">
          Acknowledged by {alert.acknowledgedBy} at {time(alert.acknowledgedAt)}
          {alert.acknowledgedUntil ? ` until ${time(alert.acknowledgedUntil)}` : ' until it resolves'}
          {alert.acknowledgeComment && `: “${alert.acknowledgeComment}”`}
          {alert.silenceId && ` · silenced in Alertmanager${alert.silenceUntil ? ` until ${time(alert.silenceUntil)}` : ''}`}
        </p>
      )}
      <div className="alert-actions">
        {canAcknowledge && alert.status === 'firing' && (
          <button type="button" onClick={() => setAcknowledging(true)} data-testid="acknowledge-open">
            Acknowledge
          </button>
        )}
        {canAcknowledge && alert.status === 'acknowledged' && !withdrawing && (
          <button type="button" onClick={() => setWithdrawing(true)} data-testid="unacknowledge-open">
            Un-acknowledge
          </button>
        )}
        {alert.labels.job && (
          <button type="button" onClick={() => onPipeline(alert.labels.job)} data-testid="detail-pipeline">
            Pipeline {alert.labels.job}
          </button>
        )}
        {dashboard && (
          <a href={dashboard} target="_blank" rel="noopener noreferrer" data-testid="detail-grafana">
            Grafana dashboard
          </a>
        )}
      </div>
      {withdrawing && (
        <div className="acknowledge-form" role="group" aria-label="Un-acknowledge">
          <label>
            Why
            <input value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="unacknowledge-comment" />
          </label>
          <button type="button" onClick={withdraw} data-testid="unacknowledge-submit">
            Un-acknowledge
          </button>
          <button type="button" onClick={() => setWithdrawing(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="detail-grid">
        <table data-testid="detail-labels">
          <caption>Labels</caption>
          <tbody>
            {Object.entries(alert.labels).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
            {alert.moduleId && (
              <tr>
                <th scope="row">module</th>
                <td>{alert.moduleId}</td>
              </tr>
            )}
            {alert.resourceId && (
              <tr>
                <th scope="row">resource</th>
                <td>{alert.resourceId}</td>
              </tr>
            )}
          </tbody>
        </table>
        <table data-testid="detail-data">
          <caption>Data</caption>
          <tbody>
            {Object.entries(alert.data).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{Number.isInteger(v) ? v : v.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Evidence</h3>
      {alert.evidence.length === 0 ? (
        <p className="empty">No span is attached.</p>
      ) : (
        <ul className="evidence" data-testid="detail-evidence">
          {alert.evidence.map((e) => {
            const href = traceLink(settings?.traceUrlTemplate, e.traceId);
            return (
              <li key={`${e.traceId}:${e.spanId}`}>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer" data-testid="trace-link">
                    trace {e.traceId}
                  </a>
                ) : (
                  <code data-testid="trace-id">{e.traceId}</code>
                )}{' '}
                <span className="count">span {e.spanId}</span>
              </li>
            );
          })}
        </ul>
      )}
      <h3>History</h3>
      <ol className="alert-history" data-testid="alert-history">
        {history.map((step, i) => (
          <li key={i}>
            {time(step.at)} — {step.action} ({step.severity}){step.actor && ` by ${step.actor}`}
            {step.comment && `: ${step.comment}`}
          </li>
        ))}
      </ol>
      {notifications.length > 0 && (
        <>
          <h3>Notifications</h3>
          <ol className="alert-notifications" data-testid="alert-notifications" aria-label="Notifications">
            {notifications.map((n, i) => (
              <li key={i} className={`notification-${n.state}`}>
                {time(n.createdAt)} — {n.event} → {n.receiver} ({n.kind}): {describe(n)}
              </li>
            ))}
          </ol>
        </>
      )}
      {acknowledging && <AcknowledgeDialog ids={[alert.id]} onCancel={() => setAcknowledging(false)} onDone={() => setAcknowledging(false)} />}
    </section>
  );
}

/** How a notification went, in a few words: sent (when, what came back), still tried, or given up and why. */
export function describe(n: NotificationRecord): string {
  const tries = n.attempts > 0 ? ` after ${n.attempts + (n.state === 'sent' ? 1 : 0)} tries` : '';
  switch (n.state) {
    case 'sent':
      return `sent ${time(n.sentAt)}${tries}${n.result ? ` (silence ${n.result})` : ''}`;
    case 'failed':
      return `failed${tries}: ${n.lastError ?? 'no answer'}`;
    default:
      return n.lastError ? `retrying (${n.attempts} tries so far): ${n.lastError}` : 'sending';
  }
}
