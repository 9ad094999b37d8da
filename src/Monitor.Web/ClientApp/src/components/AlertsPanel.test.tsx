import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alert } from '../../test/alertFixtures';
import { AlertsPanel } from './AlertsPanel';

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
});
