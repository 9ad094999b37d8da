// Links out of the console. Telemetry writes trace ids and the operator writes the templates, so
// a link is made only when the result is an http(s) address and the trace id is a W3C trace id
// (32 hex digits): `javascript:` in either stays text.

const TRACE_ID = /^[0-9a-f]{32}$/i;

function httpOnly(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function traceLink(template: string | null | undefined, traceId: string): string | null {
  if (!template || !template.includes('{traceId}') || !TRACE_ID.test(traceId)) return null;
  return httpOnly(template.replaceAll('{traceId}', encodeURIComponent(traceId)));
}

/** The pipeline's Grafana dashboard (grafana/dashboards/pipeline-overview.json, uid pipeline-overview), its job variable set. */
export function grafanaLink(base: string | null | undefined, job: string | undefined): string | null {
  if (!base) return null;
  const root = httpOnly(base);
  if (!root) return null;
  const url = new URL('d/pipeline-overview', root.endsWith('/') ? root : `${root}/`);
  if (job) url.searchParams.set('var-job', job);
  return url.toString();
}
