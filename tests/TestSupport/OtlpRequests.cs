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

/// <summary>Hand-built OTLP requests, for the cases an SDK never sends (bad ids, bombs, bad bodies).</summary>
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

    public static ExportTraceServiceRequest Traces(string job, params Span[] spans)
    {
        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = job } });
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static ExportMetricsServiceRequest Metrics(string job, params Metric[] metrics)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.AddRange(metrics);
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = job } });
        var resourceMetrics = new ResourceMetrics { Resource = resource };
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
