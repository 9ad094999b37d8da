// Where the console is, as an address: /alerts/{id} opens one alert, /fleet the fleet, / the
// dashboard; the pipeline and the alert filters are query parameters, so any view can be shared
// and the browser's back and forward buttons move between views.
import { useCallback, useEffect, useState } from 'react';
import type { AlertFilter } from './alerts';
import { DEFAULT_FILTER } from './alerts';

export type View = { kind: 'dashboard' } | { kind: 'fleet' } | { kind: 'alert'; id: string };

export interface Route {
  view: View;
  pipeline: string;
  filter: AlertFilter;
}

const FILTER_KEYS: (keyof AlertFilter)[] = ['severity', 'status', 'job', 'rule', 'q', 'from', 'to', 'group'];

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const filter: AlertFilter = { ...DEFAULT_FILTER };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null) (filter as unknown as Record<string, string>)[key] = value;
  }
  if (!['all', 'warning', 'critical'].includes(filter.severity)) filter.severity = DEFAULT_FILTER.severity;
  if (!['open', 'all', 'firing', 'acknowledged', 'resolved', 'expired'].includes(filter.status)) filter.status = DEFAULT_FILTER.status;
  if (!['none', 'pipeline', 'rule'].includes(filter.group)) filter.group = DEFAULT_FILTER.group;
  const alert = /^\/alerts\/([^/]+)\/?$/.exec(pathname);
  // `/?alert={id}` is how links made before the alert page existed (notifications already sent) name an alert.
  const legacy = params.get('alert');
  const view: View = alert ? { kind: 'alert', id: decodeSegment(alert[1]) } : legacy ? { kind: 'alert', id: legacy } : pathname.replace(/\/$/, '') === '/fleet' ? { kind: 'fleet' } : { kind: 'dashboard' };
  return { view, pipeline: params.get('pipeline') ?? '', filter };
}

/** A path segment as text; one that is not valid percent-encoding (a mangled link) is taken as written, and the alert page says no alert has that id. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function routeUrl(route: Route): string {
  const path = route.view.kind === 'alert' ? `/alerts/${encodeURIComponent(route.view.id)}` : route.view.kind === 'fleet' ? '/fleet' : '/';
  const params = new URLSearchParams();
  if (route.pipeline) params.set('pipeline', route.pipeline);
  for (const key of FILTER_KEYS) {
    if (route.filter[key] !== DEFAULT_FILTER[key]) params.set(key, route.filter[key]);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The route of the address bar, and a way to move: a new view is a new history entry, a filter change replaces the current one. */
export function useRoute(): [Route, (next: Route, mode?: 'push' | 'replace') => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname, window.location.search));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname, window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route, mode: 'push' | 'replace' = 'push') => {
    const url = routeUrl(next);
    if (url !== window.location.pathname + window.location.search) {
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    setRoute(next);
  }, []);
  return [route, navigate];
}
