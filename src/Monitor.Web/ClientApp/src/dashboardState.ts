// The dashboard's states as the seed's state machine draws them: Loading -> Displaying <-> Updating;
// a REST or hub error -> Error; once the error is over -> Recovering until fresh data -> Displaying.
import type { ConnectionState } from './hooks/useMonitoringHub';

export type DashboardState = 'loading' | 'displaying' | 'updating' | 'error' | 'recovering';

export interface DashboardInputs {
  connection: ConnectionState;
  /** A REST call failed and none has succeeded since. */
  restFailed: boolean;
  /** An error ended and no fresh data has arrived since. */
  recovering: boolean;
  hasData: boolean;
  /** Fresh data arrived a moment ago. */
  updating: boolean;
}

export function dashboardState(inputs: DashboardInputs): DashboardState {
  if (inputs.connection === 'failed' || inputs.restFailed) return 'error';
  if (inputs.connection === 'reconnecting' || inputs.recovering) return 'recovering';
  if (!inputs.hasData && inputs.connection !== 'connected') return 'loading';
  return inputs.updating ? 'updating' : 'displaying';
}
