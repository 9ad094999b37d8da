using Google.Protobuf;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp;

/// <summary>
/// OTLP/JSON writes trace and span ids as hex, where the protobuf JSON mapping expects base64
/// (OTLP specification, "JSON Protobuf Encoding"). Hex digits are base64 characters and ids are
/// 32 or 16 characters long (multiples of 4), so the parser reads them losslessly as base64;
/// re-encoding those bytes as base64 gives back the hex text, which is then decoded as hex.
/// An id that is not hex ends up empty, which the span validation rejects.
/// </summary>
internal static class OtlpJsonIds
{
    public static void Restore(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    span.TraceId = FromMisreadHex(span.TraceId);
                    span.SpanId = FromMisreadHex(span.SpanId);
                    span.ParentSpanId = FromMisreadHex(span.ParentSpanId);
                    foreach (var link in span.Links)
                    {
                        link.TraceId = FromMisreadHex(link.TraceId);
                        link.SpanId = FromMisreadHex(link.SpanId);
                    }
                }
            }
        }
    }

    public static void Restore(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    var exemplars = metric.DataCase switch
                    {
                        Protocol.Metrics.Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.SelectMany(p => p.Exemplars),
                        Protocol.Metrics.Metric.DataOneofCase.Sum => metric.Sum.DataPoints.SelectMany(p => p.Exemplars),
                        Protocol.Metrics.Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.SelectMany(p => p.Exemplars),
                        Protocol.Metrics.Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.SelectMany(p => p.Exemplars),
                        _ => [],
                    };
                    foreach (var exemplar in exemplars)
                    {
                        exemplar.TraceId = FromMisreadHex(exemplar.TraceId);
                        exemplar.SpanId = FromMisreadHex(exemplar.SpanId);
                    }
                }
            }
        }
    }

    internal static ByteString FromMisreadHex(ByteString misread)
    {
        if (misread.IsEmpty)
        {
            return misread;
        }
        var hex = Convert.ToBase64String(misread.Span);
        var bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length
            ? ByteString.CopyFrom(bytes)
            : ByteString.Empty;
    }
}
