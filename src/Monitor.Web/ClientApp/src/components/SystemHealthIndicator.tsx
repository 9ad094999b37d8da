import type { HealthStatus } from '../types';
import type { ConnectionState } from '../hooks/useMonitoringHub';

const connectionText: Record<ConnectionState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  failed: 'Failed',
};

/** The monitor's health (from the health monitor) and the live connection's state. */
export function SystemHealthIndicator({ health, connection, onRetry }: { health: HealthStatus | null; connection: ConnectionState; onRetry: () => void }) {
  return (
    <div className="system-health">
      <span className={`badge connection-${connection}`} data-testid="connection-state" role="status" aria-live="polite">
        {connectionText[connection]}
      </span>
      {connection === 'failed' && (
        <button type="button" onClick={onRetry} data-testid="connection-retry">
          Try again
        </button>
      )}
      <span className={`badge health-${health?.status ?? 'unknown'}`} data-testid="health-state" title={health?.issues.join('\n') ?? ''}>
        {health ? `Monitor ${health.status}` : 'Health unknown'}
      </span>
      {health && health.issues.length > 0 && (
        <ul className="health-issues">
          {health.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
