using Google.Protobuf;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Protocol.Resource;
using Monitor.Collector.Protocol.Trace;

namespace Monitor.LoadTests;

/// <summary>OTLP requests for the load: built once, sent many times (the monitor does not deduplicate).</summary>
internal static class Otlp
{
    private static readonly string[] Stages = ["module_generation", "resource_generation", "validation", "hooks"];

    /// <summary>
    /// Posts an OTLP/HTTP export as an exporter does: a 503 or 429 is retried after its Retry-After
    /// (ten times at most). Returns how many refusals it waited through.
    /// </summary>
    public static async Task<int> ExportAsync(HttpClient http, string path, byte[] body)
    {
        for (var refusals = 0; ; refusals++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync(path, content);
            if (response.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.TooManyRequests && refusals < 10)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            response.EnsureSuccessStatusCode();
            return refusals;
        }
    }

    /// <summary>An export of <paramref name="spans"/> ordinary pipeline spans (fast, 1 in 20 failed).</summary>
    public static ExportTraceServiceRequest Batch(string job, int spans)
    {
        var random = new Random(7);
        var scope = new ScopeSpans();
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < spans; i++)
        {
            var span = Span(random, Stages[i % 4], now, now + (ulong)random.Next(1_000_000, 400_000_000), i % 20 == 0);
            span.Attributes.Add(Attribute("pipeline.resource.type", "terraform"));
            scope.Spans.Add(span);
        }
        return Request(job, scope);
    }

    /// <summary>One span of a 200 s module: rule slow_module fires for <paramref name="job"/>.</summary>
    public static ExportTraceServiceRequest Breach(string job)
    {
        var scope = new ScopeSpans();
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        scope.Spans.Add(Span(Random.Shared, "module_generation", now - 200_000_000_000, now, false));
        return Request(job, scope);
    }

    /// <summary>Breaches of many pipelines in one request: one slow module each.</summary>
    public static ExportTraceServiceRequest Breaches(IEnumerable<string> jobs)
    {
        var request = new ExportTraceServiceRequest();
        foreach (var job in jobs)
        {
            request.ResourceSpans.AddRange(Breach(job).ResourceSpans);
        }
        return request;
    }

    /// <summary>A gauge with <paramref name="count"/> points, one series each (pass-through series for the scrape).</summary>
    public static ExportMetricsServiceRequest Gauges(string job, int from, int count)
    {
        var gauge = new Metric { Name = "load.series", Description = "Series made by the load test", Gauge = new Gauge() };
        for (var i = from; i < from + count; i++)
        {
            var point = new NumberDataPoint { AsDouble = i };
            point.Attributes.Add(Attribute("series.id", "s" + i));
            gauge.Gauge.DataPoints.Add(point);
        }
        var scope = new ScopeMetrics();
        scope.Metrics.Add(gauge);
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", job));
        var resourceMetrics = new ResourceMetrics { Resource = resource };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    private static Span Span(Random random, string stage, ulong start, ulong end, bool failed)
    {
        var traceId = new byte[16];
        var spanId = new byte[8];
        random.NextBytes(traceId);
        random.NextBytes(spanId);
        traceId[0] |= 1;
        spanId[0] |= 1;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(spanId),
            Name = stage,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Status = new Status { Code = failed ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        span.Attributes.Add(Attribute("pipeline.stage", stage));
        span.Attributes.Add(Attribute("pipeline.module.id", "module-" + random.Next(1000)));
        return span;
    }

    private static ExportTraceServiceRequest Request(string job, ScopeSpans scope)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", job));
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
