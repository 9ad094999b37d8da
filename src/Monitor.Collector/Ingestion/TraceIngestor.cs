using System.Diagnostics;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The transport-independent trace path: validate, decode pipeline spans from the request's
/// protobuf bytes (strings cut to <c>Collector:MaxAttributeValueLength</c>), admit their
/// pipelines (<c>Collector:MaxPipelines</c>), keep each pipeline's resource types and models
/// within its cap, queue the spans for the window aggregator and alerting, and update the
/// derived Prometheus series.
/// </summary>
internal sealed class TraceIngestor(PipelineEventChannel events, PipelineSeries series, PerformanceTracker tracker, CollectorMeter meter,
    IOptions<CollectorOptions> options)
{
    [ThreadStatic]
    private static List<PipelineSpan>? t_spans;

    [ThreadStatic]
    private static List<RunRootSpan>? t_roots;

    private readonly int _maxLength = options.Value.MaxAttributeValueLength;

    /// <summary>Ingests an <c>ExportTraceServiceRequest</c>; throws <see cref="Wire.MalformedOtlpException"/> for bad protobuf.</summary>
    public IngestResult Ingest(ReadOnlySpan<byte> request)
    {
        var spans = t_spans ??= new List<PipelineSpan>(512);
        var roots = t_roots ??= [];
        spans.Clear();
        roots.Clear();
        var read = PipelineSpanReader.Read(request, spans, _maxLength, roots);
        meter.SpansReceived(read.Received);
        var folded = Admit(spans, ref read);
        var refusedRoots = AdmitRoots(roots, ref read);
        if ((spans.Count > 0 || roots.Count > 0)
            && !events.TryPublish(new PipelineSpanBatch([.. spans], Stopwatch.GetTimestamp()) { Roots = roots.Count == 0 ? [] : [.. roots] }))
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
        meter.Rejected(RejectReason.InvalidSpan, read.Rejected - folded.Refused - refusedRoots);
        CountTruncations(read.Truncations, folded);
        var message = read.Rejected == 0 ? null : $"{read.Rejected} of {read.Received} spans rejected; first: {read.FirstError}";
        return IngestResult.Accepted(read.Rejected, message);
    }

    /// <summary>
    /// Drops the spans of pipelines past the cap (counted as rejected) and folds resource types
    /// and models past their per-pipeline cap into <see cref="TrackedPipeline.Other"/>.
    /// </summary>
    private (long Refused, long Types, long Models) Admit(List<PipelineSpan> spans, ref SpanReadResult read)
    {
        long refused = 0, types = 0, models = 0;
        TrackedPipeline? pipeline = null;
        string? job = null;
        var kept = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (!string.Equals(job, span.Job, StringComparison.Ordinal))
            {
                job = span.Job;
                pipeline = tracker.Admit(job);
            }
            if (pipeline is null)
            {
                refused++;
                read.Reject($"pipeline '{span.Job}' is over Collector:MaxPipelines ({options.Value.MaxPipelines}); its spans are refused until a pipeline has been silent for an hour");
                continue;
            }
            var type = pipeline.ResourceType(span.ResourceType, out var typeFolded);
            var model = pipeline.Model(span.Model, out var modelFolded);
            types += typeFolded ? 1 : 0;
            models += modelFolded ? 1 : 0;
            spans[kept++] = typeFolded || modelFolded ? span with { ResourceType = type, Model = model } : span;
        }
        spans.RemoveRange(kept, spans.Count - kept);
        meter.Rejected(RejectReason.Pipelines, refused);
        return (refused, types, models);
    }

    /// <summary>Drops the run root spans of pipelines past the cap, counted as rejected like their stage spans.</summary>
    private long AdmitRoots(List<RunRootSpan> roots, ref SpanReadResult read)
    {
        long refused = 0;
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            if (tracker.Admit(roots[i].Job) is null)
            {
                read.Reject($"pipeline '{roots[i].Job}' is over Collector:MaxPipelines ({options.Value.MaxPipelines}); its spans are refused until a pipeline has been silent for an hour");
                roots.RemoveAt(i);
                refused++;
            }
        }
        meter.Rejected(RejectReason.Pipelines, refused);
        return refused;
    }

    private void CountTruncations(in SpanTruncations cut, (long Refused, long Types, long Models) folded)
    {
        meter.Truncated(TruncatedField.ServiceName, cut.ServiceName);
        meter.Truncated(TruncatedField.ServiceInstance, cut.Instance);
        meter.Truncated(TruncatedField.ModuleId, cut.ModuleId);
        meter.Truncated(TruncatedField.RunId, cut.RunId);
        meter.Truncated(TruncatedField.ResourceId, cut.ResourceId);
        meter.Truncated(TruncatedField.ResourceType, cut.ResourceType);
        meter.Truncated(TruncatedField.Model, cut.Model);
        meter.Truncated(TruncatedField.ResourceTypes, folded.Types);
        meter.Truncated(TruncatedField.Models, folded.Models);
    }
}
