using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Logs;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp;

/// <summary>Export responses for both transports: partial_success is set only when something was rejected.</summary>
internal static class OtlpResponses
{
    public static ExportTraceServiceResponse Traces(IngestResult result) => new()
    {
        PartialSuccess = result.Rejected > 0
            ? new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.ErrorMessage ?? string.Empty }
            : null,
    };

    public static ExportMetricsServiceResponse Metrics(IngestResult result) => new()
    {
        PartialSuccess = result.Rejected > 0
            ? new ExportMetricsPartialSuccess { RejectedDataPoints = result.Rejected, ErrorMessage = result.ErrorMessage ?? string.Empty }
            : null,
    };

    public static ExportLogsServiceResponse Logs(IngestResult result) => new()
    {
        PartialSuccess = result.Rejected > 0
            ? new ExportLogsPartialSuccess { RejectedLogRecords = result.Rejected, ErrorMessage = result.ErrorMessage ?? string.Empty }
            : null,
    };
}
