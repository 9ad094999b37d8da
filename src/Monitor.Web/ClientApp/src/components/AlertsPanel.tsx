import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { filterAlerts, type AlertFilter } from '../alerts';
import { ApiError, monitoring, retryUnavailable } from '../services/monitoring';
import type { AlertTransition, NotificationRecord, PerformanceAlert } from '../types';

const DURATIONS: { label: string; value: string | null }[] = [
  { label: 'until it resolves', value: null },
  { label: '15 minutes', value: '00:15:00' },
  { label: '1 hour', value: '01:00:00' },
  { label: '4 hours', value: '04:00:00' },
  { label: '1 day', value: '1.00:00:00' },
];

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

interface AlertsPanelProps {
  alerts: PerformanceAlert[];
  canAcknowledge: boolean;
  jobs: string[];
}

/**
 * The alert lifecycle in the browser: the alerts, filterable, acknowledgeable by admins with a comment
 * and a duration, with who/when, count, last seen, history and evidence. Everything the telemetry
 * wrote (messages, labels) is rendered as text by React, never as HTML.
 */
export function AlertsPanel({ alerts, canAcknowledge, jobs }: AlertsPanelProps) {
  const [filter, setFilter] = useState<AlertFilter>({ severity: 'all', status: 'open', job: '' });
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const seen = useRef<Set<string> | null>(null);

  // New alerts: highlighted for a few seconds and announced once to screen readers, no sound.
  useEffect(() => {
    const ids = new Set(alerts.map((a) => a.id));
    if (seen.current === null) {
      seen.current = ids;
      return;
    }
    const added = alerts.filter((a) => !seen.current!.has(a.id) && a.status === 'firing');
    seen.current = ids;
    if (added.length === 0) return;
    setAnnouncement(added.length === 1 ? `New ${added[0].severity} alert: ${added[0].message}` : `${added.length} new alerts`);
    setFresh((current) => new Set([...current, ...added.map((a) => a.id)]));
    const timer = setTimeout(() => setFresh((current) => new Set([...current].filter((id) => !added.some((a) => a.id === id)))), 6000);
    return () => clearTimeout(timer);
  }, [alerts]);

  const shown = useMemo(() => filterAlerts(alerts, filter), [alerts, filter]);
  const firing = alerts.filter((a) => a.status === 'firing').length;

  return (
    <section className="alerts-panel" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alerts <span className="count" data-testid="firing-count">{firing} firing</span>
      </h2>
      <div className="sr-only" aria-live="polite" data-testid="alert-announcement">
        {announcement}
      </div>
      <div className="filters">
        <label>
          Severity
          <select value={filter.severity} onChange={(e) => setFilter({ ...filter, severity: e.target.value as AlertFilter['severity'] })} data-testid="filter-severity">
            <option value="all">all</option>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
          </select>
        </label>
        <label>
          Status
          <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as AlertFilter['status'] })} data-testid="filter-status">
            <option value="open">open</option>
            <option value="firing">firing</option>
            <option value="acknowledged">acknowledged</option>
            <option value="resolved">resolved</option>
            <option value="expired">expired</option>
            <option value="all">all</option>
          </select>
        </label>
        <label>
          Pipeline
          <select value={filter.job} onChange={(e) => setFilter({ ...filter, job: e.target.value })} data-testid="filter-job">
            <option value="">all</option>
            {jobs.map((job) => (
              <option key={job} value={job}>
                {job}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No alerts match.</p>
      ) : (
        <ul className="alert-list">
          {shown.map((alert) => (
            <AlertItem key={alert.id} alert={alert} canAcknowledge={canAcknowledge} isNew={fresh.has(alert.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, canAcknowledge, isNew }: { alert: PerformanceAlert; canAcknowledge: boolean; isNew: boolean }) {
  const [acknowledging, setAcknowledging] = useState(false);
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<AlertTransition[] | null>(null);
  const [notifications, setNotifications] = useState<NotificationRecord[]>([]);

  const acknowledge = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // 503: the store did not take it and nothing was recorded; asked again, never shown as done.
      await retryUnavailable(
        () => monitoring.acknowledge(alert.id, comment, duration || null),
        (seconds) => setError(`The alert store is not available; trying again in ${seconds} s…`),
      );
      setError(null);
      setAcknowledging(false);
      setComment('');
    } catch (e) {
      setError(e instanceof ApiError ? `Not acknowledged: ${e.message}` : 'Acknowledging failed.');
    }
  };

  const toggleHistory = async () => {
    if (history) {
      setHistory(null);
      return;
    }
    try {
      const [steps, sent] = await Promise.all([monitoring.history(alert.id), monitoring.notifications(alert.id)]);
      setHistory(steps);
      setNotifications(sent);
    } catch {
      setError('History is not available.');
    }
  };

  return (
    <li className={`alert severity-${alert.severity} status-${alert.status}${isNew ? ' is-new' : ''}`} data-testid="alert" data-alert-id={alert.id}>
      <div className="alert-head">
        <span className={`badge severity-${alert.severity}`}>{alert.severity}</span>
        <span className={`badge status-${alert.status}`} data-testid="alert-status">
          {alert.status}
        </span>
        <span className="alert-type">{alert.type}</span>
        <span className="alert-job" data-testid="alert-job">
          {Object.entries(alert.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}
        </span>
      </div>
      <p className="alert-message" data-testid="alert-message">
        {alert.message}
      </p>
      <p className="alert-meta">
        ×{alert.count} · first {time(alert.timestamp)} · last seen {time(alert.lastSeen)}
        {alert.moduleId && ` · module ${alert.moduleId}`}
        {alert.resourceId && ` · resource ${alert.resourceId}`}
      </p>
      {alert.acknowledgedBy && (
        <p className="alert-ack" data-testid="alert-ack">
          Acknowledged by {alert.acknowledgedBy} at {time(alert.acknowledgedAt)}
          {alert.acknowledgedUntil && ` until ${time(alert.acknowledgedUntil)}`}
          {alert.acknowledgeComment && `: “${alert.acknowledgeComment}”`}
          {alert.silenceId && ` · silenced in Alertmanager${alert.silenceUntil ? ` until ${time(alert.silenceUntil)}` : ''}`}
        </p>
      )}
      <div className="alert-actions">
        {canAcknowledge && alert.status === 'firing' && !acknowledging && (
          <button type="button" onClick={() => setAcknowledging(true)} data-testid="acknowledge-open">
            Acknowledge
          </button>
        )}
        <button type="button" onClick={toggleHistory} aria-expanded={history !== null}>
          {history ? 'Hide history' : 'History'}
        </button>
      </div>
      {acknowledging && (
        <form className="acknowledge-form" onSubmit={acknowledge} aria-label={`Acknowledge ${alert.type}`}>
          <label>
            Comment
            <textarea value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="acknowledge-comment" autoFocus />
          </label>
          <label>
            For
            <select value={duration} onChange={(e) => setDuration(e.target.value)} data-testid="acknowledge-duration">
              {DURATIONS.map((d) => (
                <option key={d.label} value={d.value ?? ''}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" data-testid="acknowledge-submit">
            Acknowledge
          </button>
          <button type="button" onClick={() => setAcknowledging(false)}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {history && (
        <div className="alert-history">
          <ol data-testid="alert-history">
            {history.map((step, i) => (
              <li key={i}>
                {time(step.at)} — {step.action} ({step.severity}){step.actor && ` by ${step.actor}`}
                {step.comment && `: ${step.comment}`}
              </li>
            ))}
          </ol>
          {notifications.length > 0 && (
            <ol className="alert-notifications" data-testid="alert-notifications" aria-label="Notifications">
              {notifications.map((n, i) => (
                <li key={i} className={`notification-${n.state}`}>
                  {time(n.createdAt)} — {n.event} → {n.receiver} ({n.kind}): {describe(n)}
                </li>
              ))}
            </ol>
          )}
          {alert.evidence.length > 0 && (
            <p className="evidence">
              Evidence:{' '}
              {alert.evidence.map((e) => (
                <code key={e.spanId} title={`span ${e.spanId}`}>
                  {e.traceId}
                </code>
              ))}
            </p>
          )}
        </div>
      )}
    </li>
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
