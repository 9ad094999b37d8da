using Monitor.Collector.Pipeline;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The transport-independent trace path: validate, decode pipeline spans from the request's
/// protobuf bytes, queue them for the window aggregator and alerting, and update the derived
/// Prometheus series.
/// </summary>
internal sealed class TraceIngestor(PipelineEventChannel events, PipelineSeries series, CollectorMeter meter)
{
    [ThreadStatic]
    private static List<PipelineSpan>? t_spans;

    /// <summary>Ingests an <c>ExportTraceServiceRequest</c>; throws <see cref="Otlp.Wire.MalformedOtlpException"/> for bad protobuf.</summary>
    public IngestResult Ingest(ReadOnlySpan<byte> request)
    {
        var spans = t_spans ??= new List<PipelineSpan>(512);
        spans.Clear();
        var read = PipelineSpanReader.Read(request, spans);
        meter.SpansReceived(read.Received);
        if (spans.Count > 0 && !events.TryPublish(new PipelineSpanBatch([.. spans], System.Diagnostics.Stopwatch.GetTimestamp())))
        {
            // Nothing was applied: the exporter retries the whole request, so nothing is counted twice.
            meter.Rejected(RejectReason.Overloaded, read.Received);
            return IngestResult.Overload;
        }
        foreach (var span in spans)
        {
            // A series refused by the cardinality cap is counted and logged by the budget; the
            // span still feeds the window and alerting.
            series.Record(span);
        }
        meter.Rejected(RejectReason.InvalidSpan, read.Rejected);
        var message = read.Rejected == 0 ? null : $"{read.Rejected} of {read.Received} spans rejected; first: {read.FirstError}";
        return IngestResult.Accepted(read.Rejected, message);
    }
}
