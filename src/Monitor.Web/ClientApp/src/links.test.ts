import { describe, expect, it } from 'vitest';
import { grafanaLink, traceLink } from './links';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('links out', () => {
  it('puts a W3C trace id into the trace viewer template', () => {
    expect(traceLink('http://localhost:16686/trace/{traceId}', traceId)).toBe(`http://localhost:16686/trace/${traceId}`);
  });

  it('makes no link of a trace id that is not 32 hex digits, whatever it holds', () => {
    expect(traceLink('http://jaeger/trace/{traceId}', 'javascript:alert(1)')).toBeNull();
    expect(traceLink('http://jaeger/trace/{traceId}', `${traceId}"><img src=x>`)).toBeNull();
  });

  it('makes no link of a template that is not http(s) or has no placeholder', () => {
    expect(traceLink('javascript:alert("{traceId}")', traceId)).toBeNull();
    expect(traceLink('{traceId}', traceId)).toBeNull();
    expect(traceLink('http://jaeger/trace/', traceId)).toBeNull();
    expect(traceLink(null, traceId)).toBeNull();
  });

  it("opens the pipeline's Grafana dashboard with its job variable", () => {
    expect(grafanaLink('http://grafana:3000', 'a b')).toBe('http://grafana:3000/d/pipeline-overview?var-job=a+b');
    expect(grafanaLink('https://g.example.com/grafana/', 'x')).toBe('https://g.example.com/grafana/d/pipeline-overview?var-job=x');
    expect(grafanaLink('javascript:alert(1)', 'x')).toBeNull();
  });
});
