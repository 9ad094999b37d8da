using Google.Protobuf;
using Monitor.Collector.Protocol.Collector.Logs;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp.Http;

/// <summary>
/// OTLP/JSON bodies (specification "JSON Protobuf Encoding"): unknown fields ignored, hex ids
/// restored. A trace export goes on as protobuf bytes, so that one span reader serves both encodings.
/// </summary>
internal static class OtlpJsonBodies
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The protobuf encoding of a JSON <c>ExportTraceServiceRequest</c>.</summary>
    public static byte[] Traces(string json)
    {
        var request = Parser.Parse<ExportTraceServiceRequest>(json);
        OtlpJsonIds.Restore(request);
        return request.ToByteArray();
    }

    public static ExportMetricsServiceRequest Metrics(string json)
    {
        var request = Parser.Parse<ExportMetricsServiceRequest>(json);
        OtlpJsonIds.Restore(request);
        return request;
    }

    /// <summary>A JSON <c>ExportLogsServiceRequest</c> (its ids are not used: only its records are counted).</summary>
    public static ExportLogsServiceRequest Logs(string json) => Parser.Parse<ExportLogsServiceRequest>(json);
}
