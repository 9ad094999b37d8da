import { useRef, useState, type FormEvent } from 'react';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { ApiError, acknowledgeAll, monitoring, retryUnavailable } from '../services/monitoring';

const DURATIONS: { label: string; value: string | null }[] = [
  { label: 'until it resolves', value: null },
  { label: '15 minutes', value: '00:15:00' },
  { label: '1 hour', value: '01:00:00' },
  { label: '4 hours', value: '04:00:00' },
  { label: '1 day', value: '1.00:00:00' },
];

interface AcknowledgeDialogProps {
  ids: string[];
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Acknowledges one alert or several with one comment and duration. Answered once stored: a 503
 * (the store did not take it, nothing recorded) is asked again, never shown as done.
 */
export function AcknowledgeDialog({ ids, onDone, onCancel }: AcknowledgeDialogProps) {
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  useDialogFocus(dialog, onCancel, first);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const onRetry = (seconds: number) => setError(`The alert store is not available; trying again in ${seconds} s…`);
      if (ids.length === 1) {
        await retryUnavailable(() => monitoring.acknowledge(ids[0], comment, duration || null), onRetry);
      } else {
        const results = await acknowledgeAll(ids, comment, duration || null, onRetry);
        const closed = results.filter((r) => r.result === 'AlreadyClosed' || r.result === 'NotFound').length;
        if (closed > 0) {
          setError(`${results.length - closed} acknowledged; ${closed} had closed in the meantime.`);
          setBusy(false);
          return;
        }
      }
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? `Not acknowledged: ${e.message}` : 'Acknowledging failed.');
    }
    setBusy(false);
  };

  const title = ids.length === 1 ? 'Acknowledge the alert' : `Acknowledge ${ids.length} alerts`;
  return (
    <div className="dialog-backdrop">
      <form ref={dialog} className="dialog acknowledge-form" role="dialog" aria-modal="true" aria-label={title} onSubmit={submit} data-testid="acknowledge-dialog">
        <h2>{title}</h2>
        <label>
          Comment
          <textarea ref={first} value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="acknowledge-comment" />
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
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={busy} data-testid="acknowledge-submit">
            Acknowledge
          </button>
          <button type="button" onClick={error && !busy ? onDone : onCancel}>
            {error && !busy ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </div>
  );
}
