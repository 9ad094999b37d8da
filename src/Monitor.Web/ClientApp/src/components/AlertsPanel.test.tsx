import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alert } from '../../test/alertFixtures';
import { AlertsPanel, describe as describeNotification } from './AlertsPanel';

afterEach(cleanup);

describe('AlertsPanel', () => {
  it('renders telemetry text as text, never as HTML', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <AlertsPanel alerts={[alert({ message: hostile, labels: { job: hostile } })]} canAcknowledge={true} jobs={[hostile]} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('alert-message').textContent).toBe(hostile);
    expect(screen.getByTestId('alert-job').textContent).toBe(`job=${hostile}`);
  });

  it('offers acknowledgement to admins only, and only for firing alerts', () => {
    const { rerender } = render(<AlertsPanel alerts={[alert()]} canAcknowledge={false} jobs={[]} />);
    expect(screen.queryByTestId('acknowledge-open')).toBeNull();
    rerender(<AlertsPanel alerts={[alert()]} canAcknowledge={true} jobs={[]} />);
    expect(screen.getByTestId('acknowledge-open')).not.toBeNull();
    rerender(<AlertsPanel alerts={[alert({ status: 'acknowledged', acknowledgedBy: 'alice' })]} canAcknowledge={true} jobs={[]} />);
    expect(screen.queryByTestId('acknowledge-open')).toBeNull();
    expect(screen.getByTestId('alert-ack').textContent).toContain('alice');
  });

  it('counts firing alerts in its heading', () => {
    render(<AlertsPanel alerts={[alert(), alert({ id: 'a2', status: 'resolved' })]} canAcknowledge={false} jobs={[]} />);
    expect(screen.getByTestId('firing-count').textContent).toBe('1 firing');
  });

  it('says how each notification went: sent with the silence it made, retrying with the error, given up', () => {
    const base = { receiver: 'alertmanager-silences', kind: 'silence' as const, event: 'acknowledged', createdAt: '2026-11-26T10:00:00Z' };
    expect(describeNotification({ ...base, state: 'sent', attempts: 0, sentAt: '2026-11-26T10:00:01Z', lastError: null, result: 'abc' }))
      .toMatch(/^sent .*\(silence abc\)$/);
    expect(describeNotification({ ...base, state: 'pending', attempts: 2, sentAt: null, lastError: 'unreachable', result: null }))
      .toBe('retrying (2 tries so far): unreachable');
    expect(describeNotification({ ...base, state: 'failed', attempts: 12, sentAt: null, lastError: 'answered 400', result: null }))
      .toBe('failed after 12 tries: answered 400');
  });

  it('shows that an acknowledgement silenced the alert in Alertmanager', () => {
    render(
      <AlertsPanel
        alerts={[alert({ status: 'acknowledged', acknowledgedBy: 'alice', silenceId: 's-1', silenceUntil: '2026-11-26T11:00:00Z' })]}
        canAcknowledge={false}
        jobs={[]}
      />,
    );
    expect(screen.getByTestId('alert-ack').textContent).toContain('silenced in Alertmanager until');
  });
});
