import { describe, expect, it } from 'vitest';
import { alert } from '../test/alertFixtures';
import { loadPreferences, newCritical, titleFor } from './attention';

describe('attention', () => {
  it('counts firing critical alerts in the title', () => {
    expect(titleFor([alert()])).toBe('PipelineMonitor');
    expect(titleFor([alert({ id: '1', severity: 'critical' }), alert({ id: '2', severity: 'critical', status: 'acknowledged' })])).toBe('(1) PipelineMonitor');
  });

  it('is off until chosen, and remembered', () => {
    expect(loadPreferences({ getItem: () => null })).toEqual({ desktop: false, sound: false });
    expect(loadPreferences({ getItem: () => '{"desktop":true}' })).toEqual({ desktop: true, sound: false });
    expect(loadPreferences({ getItem: () => 'not json' })).toEqual({ desktop: false, sound: false });
  });

  it('rings for critical alerts new since the page learnt what was there, not for those on load', () => {
    const first = newCritical(null, [alert({ id: 'old', severity: 'critical' })]);
    expect(first.fresh).toEqual([]);
    const next = newCritical(first.seen, [alert({ id: 'old', severity: 'critical' }), alert({ id: 'new', severity: 'critical' }), alert({ id: 'w' })]);
    expect(next.fresh.map((a) => a.id)).toEqual(['new']);
  });
});
