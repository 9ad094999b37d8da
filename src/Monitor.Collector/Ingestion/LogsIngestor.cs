using Monitor.Collector.Protocol.Collector.Logs;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The monitor keeps no logs. Exporters set up with one endpoint for every signal send them
/// anyway; answering 404 would have them log an error for every batch. So a logs export is read,
/// counted and answered 200 with every record refused as a partial success (which the OTLP
/// specification makes not retryable) and a message saying where logs belong.
/// </summary>
internal sealed class LogsIngestor(CollectorMeter meter)
{
    public const string Refusal = "the monitor keeps no logs (traces and metrics only); send logs to a log backend";

    public IngestResult Ingest(ExportLogsServiceRequest request)
    {
        long records = 0;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                records += scopeLogs.LogRecords.Count;
            }
        }
        meter.LogRecordsReceived(records);
        meter.Rejected(RejectReason.UnsupportedSignal, records);
        return IngestResult.Accepted(records, $"{records} log records not kept: {Refusal}");
    }
}
