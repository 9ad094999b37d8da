import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { alert } from '../../test/alertFixtures';
import { DEFAULT_FILTER, type AlertFilter } from '../alerts';
import type { PerformanceAlert } from '../types';
import { describe as describeNotification } from './AlertDetail';
import { AlertsPanel } from './AlertsPanel';

afterEach(cleanup);

// jsdom lays nothing out: the list's viewport is given the size a browser would give it.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 480 });
});

function panel(alerts: PerformanceAlert[], canAcknowledge = false, filter: AlertFilter = DEFAULT_FILTER) {
  return render(
    <AlertsPanel alerts={alerts} canAcknowledge={canAcknowledge} jobs={[]} rules={[]} filter={filter} onFilter={vi.fn()} onOpen={vi.fn()} />,
  );
}

describe('AlertsPanel', () => {
  it('renders telemetry text as text, never as HTML', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = panel([alert({ message: hostile, labels: { job: hostile } })], true);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('alert-message').textContent).toBe(hostile);
    expect(screen.getByTestId('alert-job').textContent).toBe(`job=${hostile}`);
  });

  it('offers acknowledgement to admins only, and only for firing alerts', () => {
    const { rerender } = panel([alert()]);
    expect(screen.queryByTestId('acknowledge-open')).toBeNull();
    const props = { jobs: [], rules: [], filter: DEFAULT_FILTER, onFilter: vi.fn(), onOpen: vi.fn() };
    rerender(<AlertsPanel alerts={[alert()]} canAcknowledge={true} {...props} />);
    expect(screen.getByTestId('acknowledge-open')).not.toBeNull();
    rerender(<AlertsPanel alerts={[alert({ status: 'acknowledged', acknowledgedBy: 'alice' })]} canAcknowledge={true} {...props} />);
    expect(screen.queryByTestId('acknowledge-open')).toBeNull();
    expect(screen.getByTestId('alert-ack').textContent).toContain('alice');
  });

  it('announces and highlights alerts that fire after the first picture, not those in it', () => {
    const props = { canAcknowledge: false, jobs: [], rules: [], filter: DEFAULT_FILTER, onFilter: vi.fn(), onOpen: vi.fn() };
    const { rerender } = render(<AlertsPanel alerts={[]} loaded={false} {...props} />);
    rerender(<AlertsPanel alerts={[alert({ id: 'old' })]} loaded={true} {...props} />);
    expect(screen.getByTestId('alert-announcement').textContent).toBe('');
    expect(document.querySelector('.is-new')).toBeNull();

    rerender(<AlertsPanel alerts={[alert({ id: 'old' }), alert({ id: 'new', severity: 'critical', message: 'it broke' })]} loaded={true} {...props} />);

    expect(screen.getByTestId('alert-announcement').textContent).toBe('New critical alert: it broke');
    expect(document.querySelector('.is-new')?.getAttribute('data-alert-id')).toBe('new');
  });

  it('counts firing alerts in its heading', () => {
    panel([alert(), alert({ id: 'a2', status: 'resolved' })]);
    expect(screen.getByTestId('firing-count').textContent).toBe('1 firing');
  });

  it('keeps only the rows in view in the page, however many alerts are open', () => {
    const many = Array.from({ length: 2000 }, (_, i) => alert({ id: `a${i}`, fingerprint: `f${i}` }));
    panel(many);
    expect(screen.getAllByTestId('alert').length).toBeLessThan(40);
    expect(screen.getByTestId('shown-count').textContent).toContain('2000 shown');
  });

  it('starts groups collapsed, with their counts, and opens one on a click', () => {
    const alerts = [alert({ id: '1', labels: { job: 'p1' } }), alert({ id: '2', labels: { job: 'p1' } }), alert({ id: '3', labels: { job: 'p2' } })];
    panel(alerts, false, { ...DEFAULT_FILTER, group: 'pipeline' });
    expect(screen.queryAllByTestId('alert')).toHaveLength(0);
    expect(screen.getAllByTestId('group-count').map((g) => g.textContent)).toEqual(['2 alerts · 2 firing', '1 alert · 1 firing']);
    fireEvent.click(screen.getByText('▸ p1'));
    expect(screen.getAllByTestId('alert')).toHaveLength(2);
  });

  it('selects the firing alerts shown for a bulk acknowledgement', () => {
    panel([alert({ id: '1' }), alert({ id: '2' }), alert({ id: '3', status: 'acknowledged' })], true);
    fireEvent.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('selected-count').textContent).toBe('2 selected');
    fireEvent.click(screen.getByTestId('bulk-acknowledge'));
    expect(screen.getByTestId('acknowledge-dialog').getAttribute('aria-label')).toBe('Acknowledge 2 alerts');
  });
});

describe('a notification, in a few words', () => {
  it('says how each went: sent with the silence it made, retrying with the error, given up', () => {
    const base = { receiver: 'alertmanager-silences', kind: 'silence' as const, event: 'acknowledged', createdAt: '2026-11-26T10:00:00Z' };
    expect(describeNotification({ ...base, state: 'sent', attempts: 0, sentAt: '2026-11-26T10:00:01Z', lastError: null, result: 'abc' }))
      .toMatch(/^sent .*\(silence abc\)$/);
    expect(describeNotification({ ...base, state: 'pending', attempts: 2, sentAt: null, lastError: 'unreachable', result: null }))
      .toBe('retrying (2 tries so far): unreachable');
    expect(describeNotification({ ...base, state: 'failed', attempts: 12, sentAt: null, lastError: 'answered 400', result: null }))
      .toBe('failed after 12 tries: answered 400');
  });
});
