import type { MouseEvent } from 'react';
import { ageOf } from '../alerts';
import type { AlertSummary } from '../types';

/** Height of a row in the windowed list: every row has the same, whatever its text (long text is cut with an ellipsis). */
export const ALERT_ROW_HEIGHT = 84;

interface AlertRowProps {
  alert: AlertSummary;
  now: number;
  active: boolean;
  isNew: boolean;
  selectable: boolean;
  selected: boolean;
  canAcknowledge: boolean;
  onSelect: (id: string, selected: boolean) => void;
  onOpen: (id: string) => void;
  onAcknowledge: (ids: string[]) => void;
}

const labelsText = (alert: AlertSummary) =>
  Object.entries(alert.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/**
 * One alert as a line of the list: what, where, how long, who acknowledged it. Telemetry text
 * (message, labels) is rendered as text by React, never as HTML. The alert's page holds the rest.
 */
export function AlertRow({ alert, now, active, isNew, selectable, selected, canAcknowledge, onSelect, onOpen, onAcknowledge }: AlertRowProps) {
  const open = (event: MouseEvent) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onOpen(alert.id);
  };
  return (
    <div
      className={`alert severity-${alert.severity} status-${alert.status}${isNew ? ' is-new' : ''}${active ? ' is-active' : ''}`}
      data-testid="alert"
      data-alert-id={alert.id}
      aria-current={active ? 'true' : undefined}
      style={{ height: ALERT_ROW_HEIGHT - 6 }}
    >
      <div className="alert-head">
        {selectable && (
          <input
            type="checkbox"
            checked={selected}
            onChange={(e) => onSelect(alert.id, e.target.checked)}
            aria-label={`Select ${alert.type} on ${alert.labels.job ?? 'no pipeline'}`}
            data-testid="alert-select"
          />
        )}
        <span className={`badge severity-${alert.severity}`}>{alert.severity}</span>
        <span className={`badge status-${alert.status}`} data-testid="alert-status">
          {alert.status}
        </span>
        <a className="alert-type" href={`/alerts/${encodeURIComponent(alert.id)}`} onClick={open} data-testid="alert-open">
          {alert.type}
        </a>
        <span className="alert-age" data-testid="alert-age">
          {ageOf(alert, now)}
        </span>
        {canAcknowledge && alert.status === 'firing' && (
          <button type="button" className="small" onClick={() => onAcknowledge([alert.id])} data-testid="acknowledge-open">
            Acknowledge
          </button>
        )}
      </div>
      <p className="alert-message" data-testid="alert-message" title={alert.message}>
        {alert.message}
      </p>
      <p className="alert-meta">
        <span className="alert-job" data-testid="alert-job" title={labelsText(alert)}>
          {labelsText(alert)}
        </span>{' '}
        · ×{alert.count}
        {alert.acknowledgedBy && (
          <span className="alert-ack" data-testid="alert-ack">
            {' '}
            · acknowledged by {alert.acknowledgedBy}
            {alert.acknowledgedUntil && ` until ${new Date(alert.acknowledgedUntil).toLocaleTimeString()}`}
            {alert.acknowledgeComment && `: “${alert.acknowledgeComment}”`}
          </span>
        )}
      </p>
    </div>
  );
}
