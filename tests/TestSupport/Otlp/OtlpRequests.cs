using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Protocol.Resource;
using Monitor.Collector.Protocol.Trace;

namespace Monitor.TestSupport;

/// <summary>
/// Hand-built OTLP requests: for the cases an SDK never sends (bad ids, bombs, bad bodies), and for
/// the benchmarks and the load runner, which build a request once and send it many times.
/// </summary>
internal static class OtlpRequests
{
    public static Span Span(string? stage, byte[]? traceId = null, byte[]? spanId = null, string name = "span")
    {
        var span = new Span
        {
            Name = name,
            TraceId = ByteString.CopyFrom(traceId ?? Convert.FromHexString("5b8efff798038103d269b633813fc60c")),
            SpanId = ByteString.CopyFrom(spanId ?? Convert.FromHexString("eee19b7ec3c1b174")),
            StartTimeUnixNano = 1_700_000_000_000_000_000,
            EndTimeUnixNano = 1_700_000_000_500_000_000,
        };
        if (stage is not null)
        {
            span.Attributes.Add(new KeyValue { Key = "pipeline.stage", Value = new AnyValue { StringValue = stage } });
        }
        return span;
    }

    public static ExportTraceServiceRequest Traces(string job, params Span[] spans) => Traces(job, (IEnumerable<Span>)spans);

    /// <param name="resource">Resource attributes besides <c>service.name</c>.</param>
    public static ExportTraceServiceRequest Traces(string job, IEnumerable<Span> spans, params KeyValue[] resource)
    {
        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = Resource(job, resource) };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>One module_generation span of 200 s ending now: the slow_module rule fires for <paramref name="job"/>.</summary>
    public static ExportTraceServiceRequest SlowModule(string job)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var span = Span("module_generation", RandomId(16), RandomId(8), "generate module");
        (span.StartTimeUnixNano, span.EndTimeUnixNano) = (now - 200_000_000_000, now);
        span.Attributes.Add(Attribute("pipeline.module.id", "m-" + job));
        return Traces(job, span);
    }

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attribute(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    /// <summary>A valid (non-zero) random trace (16 bytes) or span (8 bytes) id.</summary>
    public static byte[] RandomId(int length, Random? random = null)
    {
        var id = new byte[length];
        (random ?? Random.Shared).NextBytes(id);
        id[0] |= 1;
        return id;
    }

    public static ExportMetricsServiceRequest Metrics(string job, params Metric[] metrics)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.AddRange(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = Resource(job, []) };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    public static ByteArrayContent Protobuf(IMessage message) => Content(message.ToByteArray(), "application/x-protobuf");

    public static ByteArrayContent Content(byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }
        return content;
    }

    private static Resource Resource(string job, KeyValue[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", job));
        resource.Attributes.AddRange(attributes);
        return resource;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
