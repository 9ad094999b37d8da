using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Protocol.Trace;
using Monitor.TestSupport;
using static Monitor.TestSupport.OtlpRequests;

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
        var batch = new List<Span>(spans);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < spans; i++)
        {
            var span = Span(random, Stages[i % 4], now, now + (ulong)random.Next(1_000_000, 400_000_000), i % 20 == 0);
            span.Attributes.Add(Attribute("pipeline.resource.type", "terraform"));
            batch.Add(span);
        }
        return OtlpRequests.Traces(job, batch);
    }

    /// <summary>An export of <paramref name="spans"/> fast spans of which 1 in 4 failed: the error rate is over the critical threshold.</summary>
    public static ExportTraceServiceRequest FailingBatch(string job, int spans)
    {
        var random = new Random(11);
        var batch = new List<Span>(spans);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < spans; i++)
        {
            batch.Add(Span(random, Stages[i % 4], now, now + (ulong)random.Next(1_000_000, 50_000_000), i % 4 == 0));
        }
        return OtlpRequests.Traces(job, batch);
    }

    /// <summary>One span of a 200 s module: rule slow_module fires for <paramref name="job"/>.</summary>
    public static ExportTraceServiceRequest Breach(string job) => OtlpRequests.SlowModule(job);

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

    /// <summary>One healthy span (hooks, 50 ms) for each of many pipelines, in one request.</summary>
    public static ExportTraceServiceRequest Spans(IEnumerable<string> jobs)
    {
        var request = new ExportTraceServiceRequest();
        foreach (var job in jobs)
        {
            request.ResourceSpans.AddRange(OtlpRequests.Traces(job, OtlpRequests.Span("hooks")).ResourceSpans);
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
        return OtlpRequests.Metrics(job, gauge);
    }

    private static Span Span(Random random, string stage, ulong start, ulong end, bool failed)
    {
        var span = OtlpRequests.Span(stage, OtlpRequests.RandomId(16, random), OtlpRequests.RandomId(8, random), stage);
        (span.StartTimeUnixNano, span.EndTimeUnixNano) = (start, end);
        span.Status = new Status { Code = failed ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset };
        span.Attributes.Add(Attribute("pipeline.module.id", "module-" + random.Next(1000)));
        return span;
    }


}
