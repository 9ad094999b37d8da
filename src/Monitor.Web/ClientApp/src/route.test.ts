import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER } from './alerts';
import { parseRoute, routeUrl } from './route';

describe('the address of a view', () => {
  it('opens one alert at /alerts/{id}', () => {
    expect(parseRoute('/alerts/a%2F1', '').view).toEqual({ kind: 'alert', id: 'a/1' });
    // Not valid percent-encoding: taken as written (the page then says no alert has that id), never a throw.
    expect(parseRoute('/alerts/%E0%A4%A', '').view).toEqual({ kind: 'alert', id: '%E0%A4%A' });
    expect(routeUrl({ view: { kind: 'alert', id: 'a/1' }, pipeline: '', filter: DEFAULT_FILTER })).toBe('/alerts/a%2F1');
  });

  it('opens the alert of a link made before alert pages existed (/?alert={id})', () => {
    expect(parseRoute('/', '?alert=01a2-x').view).toEqual({ kind: 'alert', id: '01a2-x' });
  });

  it('keeps the pipeline and the filters in the query, so a view can be shared', () => {
    const route = { view: { kind: 'fleet' as const }, pipeline: 'billing', filter: { ...DEFAULT_FILTER, severity: 'critical' as const, q: 'gpt x', group: 'rule' as const } };
    const url = routeUrl(route);
    expect(url).toBe('/fleet?pipeline=billing&severity=critical&q=gpt+x&group=rule');
    const [path, query] = url.split('?');
    expect(parseRoute(path, `?${query}`)).toEqual(route);
  });

  it('leaves defaults out of the address and ignores values it does not know', () => {
    expect(routeUrl({ view: { kind: 'dashboard' }, pipeline: '', filter: DEFAULT_FILTER })).toBe('/');
    expect(parseRoute('/', '?severity=javascript:alert(1)&status=bogus&group=x').filter).toEqual(DEFAULT_FILTER);
  });
});
