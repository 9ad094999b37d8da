import { describe, expect, it } from 'vitest';
import { dashboardState, type DashboardInputs } from './dashboardState';
import { reconnectDelay } from './hooks/useMonitoringHub';

const base: DashboardInputs = { connection: 'connected', restFailed: false, recovering: false, hasData: true, updating: false };

describe("the dashboard's states", () => {
  it('Loading until the first data, then Displaying, Updating while fresh data arrives', () => {
    expect(dashboardState({ ...base, connection: 'connecting', hasData: false })).toBe('loading');
    expect(dashboardState(base)).toBe('displaying');
    expect(dashboardState({ ...base, updating: true })).toBe('updating');
  });

  it('a REST or hub error is Error; its end is Recovering until fresh data', () => {
    expect(dashboardState({ ...base, restFailed: true })).toBe('error');
    expect(dashboardState({ ...base, connection: 'failed' })).toBe('error');
    expect(dashboardState({ ...base, connection: 'reconnecting' })).toBe('recovering');
    expect(dashboardState({ ...base, recovering: true })).toBe('recovering');
  });

  it('reconnects backing off to 10 s, and gives up once the attempts are spent', () => {
    expect([0, 1, 2, 5, 6].map((retry) => reconnectDelay(retry, 30))).toEqual([500, 1000, 2000, 10_000, 10_000]);
    expect(reconnectDelay(2, 2)).toBeNull();
  });
});
