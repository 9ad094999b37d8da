using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Trace;
using Monitor.Collector.Runs;
using Monitor.Collector.Wire;
using Monitor.TestSupport;

namespace Monitor.Benchmarks;

/// <summary>
/// The per-span hot path on one Export request of 512 pipeline spans (the OTLP exporters'
/// default batch): Google.Protobuf's generated parser (what the monitor used before reading the
/// wire itself), the monitor's span reader alone, and read + validate + derived series + window
/// aggregation. Figures are per span (OperationsPerInvoke = 512).
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Spans = 512;
    private static readonly string[] Stages = ["module_generation", "resource_generation", "validation", "hooks"];
    private static readonly string[] Types = ["terraform", "helm", "kustomize", "dockerfile"];

    private byte[] _request = [];
    private ServiceProvider _services = null!;
    private TraceIngestor _ingestor = null!;
    private PipelineEventChannel _events = null!;
    private PerformanceTracker _tracker = null!;
    private RunTracker _runs = null!;
    private PipelineSpanBatch _runBatch = null!;
    private readonly List<PipelineSpan> _spans = new(Spans);

    [GlobalSetup]
    public void Setup()
    {
        _request = BuildRequest().ToByteArray();
        _services = CollectorServices.Create();
        _ingestor = _services.GetRequiredService<TraceIngestor>();
        _events = _services.GetRequiredService<PipelineEventChannel>();
        _tracker = _services.GetRequiredService<PerformanceTracker>();
        _runs = _services.GetRequiredService<RunTracker>();
        _spans.Clear();
        PipelineSpanReader.Read(_request, _spans);
        // The same spans in 8 runs (pipeline.run.id), children of root spans not yet ended.
        _runBatch = new PipelineSpanBatch([.. _spans.Select((s, i) => s with { RunId = $"run-{i % 8}", HasParent = true })], 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public int GeneratedParser() => ExportTraceServiceRequest.Parser.ParseFrom(_request).ResourceSpans.Count;

    [Benchmark(OperationsPerInvoke = Spans)]
    public long SpanReader()
    {
        _spans.Clear();
        return PipelineSpanReader.Read(_request, _spans).Received;
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public long DecodeAndAggregate()
    {
        var result = _ingestor.Ingest(_request);
        // What the aggregator's loop does with the batch (window + subscribers), run inline here.
        while (_events.Reader.TryRead(out var batch))
        {
            _tracker.Aggregate(batch);
        }
        return result.Rejected;
    }

    /// <summary>The run tracker's share of a batch whose spans all belong to runs (its worst case; spans of no run cost one scan).</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public void RunTracking() => _runs.Observe(_runBatch);

    internal static ExportTraceServiceRequest BuildRequest()
    {
        var random = new Random(42);
        var spans = new List<Span>(Spans);
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var traceId = new byte[16];
        var spanId = new byte[8];
        for (var i = 0; i < Spans; i++)
        {
            random.NextBytes(traceId);
            random.NextBytes(spanId);
            var stage = Stages[i % Stages.Length];
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom(spanId),
                ParentSpanId = ByteString.CopyFrom(spanId),
                Name = stage,
                Kind = Span.Types.SpanKind.Internal,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)random.Next(1_000_000, 900_000_000),
                Status = new Status { Code = i % 20 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
            };
            span.Attributes.Add(OtlpRequests.Attribute("pipeline.stage", stage));
            span.Attributes.Add(OtlpRequests.Attribute("pipeline.module.id", "module-" + (i / 8)));
            span.Attributes.Add(OtlpRequests.Attribute("pipeline.resource.id", "resource-" + i));
            span.Attributes.Add(OtlpRequests.Attribute("pipeline.resource.type", Types[i % Types.Length]));
            if (stage == "resource_generation")
            {
                span.Attributes.Add(OtlpRequests.Attribute("pipeline.quality.score", random.NextDouble()));
                span.Attributes.Add(OtlpRequests.Attribute("gen_ai.request.model", "gpt-4o"));
                span.Attributes.Add(OtlpRequests.Attribute("gen_ai.usage.input_tokens", 800L));
                span.Attributes.Add(OtlpRequests.Attribute("gen_ai.usage.output_tokens", 1200L));
            }
            spans.Add(span);
        }
        return OtlpRequests.Traces("ai-pipeline", spans, OtlpRequests.Attribute("service.instance.id", "worker-1"));
    }
}
