using System.Text;
using CsCheck;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Otlp.Http;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Wire;
using Monitor.TestSupport;

namespace Monitor.Collector.Tests.Fuzzing;

/// <summary>
/// The OTLP decoders and ingestors under mutated and random input, bounded in time: every input is
/// either taken (perhaps partly) or refused as malformed, never an exception of another kind (which
/// would be a 500), and what decoding allocates stays within a multiple of the request's size.
/// </summary>
public sealed class DecoderFuzzTests : IDisposable
{
    // A few seconds per property: the test command stays short; CI runs every property each time.
    private const int Seconds = 4;

    // Decoding a span allocates its kept strings (cut to the limit) and the batch; a request never
    // costs more than this many times its size, plus a constant for the first use of the path.
    private const long AllocationFactor = 64;
    private const long AllocationConstant = 1 << 20;

    private readonly ServiceProvider _services;
    private readonly TraceIngestor _traces;
    private readonly MetricsIngestor _metrics;
    private readonly PipelineEventChannel _events;
    private readonly PerformanceTracker _tracker;

    public DecoderFuzzTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collector:MaxPipelines"] = "50",
            ["Collector:MaxSeries"] = "20000",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddMonitorCollector(configuration).BuildServiceProvider();
        _traces = _services.GetRequiredService<TraceIngestor>();
        _metrics = _services.GetRequiredService<MetricsIngestor>();
        _events = _services.GetRequiredService<PipelineEventChannel>();
        _tracker = _services.GetRequiredService<PerformanceTracker>();
    }

    public void Dispose() => _services.Dispose();

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public void TraceProtobuf_MutatedOrRandom_TakenOrRefusedAsMalformed_WithinTheAllocationBound()
    {
        var seeds = TraceSeeds();
        Replay("traces", IngestTraceBytes);
        Mutations.OfOrRandom(seeds).Sample(bytes => Keeping("traces", bytes, IngestTraceBytes), iter: 1_000_000, time: Seconds, threads: 1, writeLine: Report);
    }

    [Fact]
    public void MetricsProtobuf_MutatedOrRandom_TakenOrRefusedAsMalformed()
    {
        var seeds = MetricsSeeds();
        Replay("metrics", IngestMetricsBytes);
        Mutations.OfOrRandom(seeds).Sample(bytes => Keeping("metrics", bytes, IngestMetricsBytes), iter: 1_000_000, time: Seconds, threads: 1, writeLine: Report);
    }

    [Fact]
    public void TraceJson_Mutated_TakenOrRefusedAsMalformed()
    {
        byte[][] seeds = [.. TraceSeeds().Select(s => Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(Monitor.Collector.Protocol.Collector.Trace.ExportTraceServiceRequest.Parser.ParseFrom(s))))];
        Replay("json-traces", IngestTraceJson);
        Mutations.Of(seeds).Sample(bytes => Keeping("json-traces", bytes, IngestTraceJson), iter: 1_000_000, time: Seconds, threads: 1, writeLine: Report);
    }

    [Fact]
    public void MetricsJson_Mutated_TakenOrRefusedAsMalformed()
    {
        byte[][] seeds = [.. MetricsSeeds().Select(s => Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(ExportMetricsServiceRequest.Parser.ParseFrom(s))))];
        Replay("json-metrics", IngestMetricsJson);
        Mutations.Of(seeds).Sample(bytes => Keeping("json-metrics", bytes, IngestMetricsJson), iter: 1_000_000, time: Seconds, threads: 1, writeLine: Report);
    }

    private void IngestTraceBytes(byte[] body)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            _traces.Ingest(body);
        }
        catch (MalformedOtlpException)
        {
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= (body.Length * AllocationFactor) + AllocationConstant, $"{allocated} bytes allocated for a {body.Length}-byte request");
        Aggregate();
    }

    private void IngestMetricsBytes(byte[] body)
    {
        ExportMetricsServiceRequest request;
        try
        {
            request = ExportMetricsServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }
        _metrics.Ingest(request);
    }

    private void IngestTraceJson(byte[] body)
    {
        byte[] protobuf;
        try
        {
            protobuf = OtlpJsonBodies.Traces(Encoding.UTF8.GetString(body));
        }
        catch (Exception error) when (error is InvalidJsonException or InvalidProtocolBufferException or FormatException)
        {
            // The receiver answers 400 with a google.rpc.Status quoting the message: it must be writable (the one-emoji drill).
            var status = new Google.Rpc.Status { Code = 3, Message = Monitor.Collector.Wire.BoundedText.Safe(error.Message) };
            _ = JsonFormatter.Default.Format(status);
            _ = status.ToByteArray();
            return;
        }
        IngestTraceBytes(protobuf);
    }

    private void IngestMetricsJson(byte[] body)
    {
        ExportMetricsServiceRequest request;
        try
        {
            request = OtlpJsonBodies.Metrics(Encoding.UTF8.GetString(body));
        }
        catch (Exception error) when (error is InvalidJsonException or InvalidProtocolBufferException or FormatException)
        {
            return;
        }
        _metrics.Ingest(request);
    }

    /// <summary>The spans taken go on to the windows, as the tracker's loop takes them.</summary>
    private void Aggregate()
    {
        while (_events.Reader.TryRead(out var batch))
        {
            _tracker.Aggregate(batch);
        }
    }

    private static void Replay(string property, Action<byte[]> check)
    {
        foreach (var (name, bytes) in Corpus.Of(property))
        {
            try
            {
                check(bytes);
            }
            catch (Exception error)
            {
                throw new Xunit.Sdk.XunitException($"corpus input {name} fails again: {error}");
            }
        }
    }

    private static void Keeping(string property, byte[] input, Action<byte[]> check)
    {
        try
        {
            check(input);
        }
        catch
        {
            Corpus.Keep(property, input);
            throw;
        }
    }

    private static byte[][] TraceSeeds()
    {
        var rich = OtlpRequests.Traces("seed-pipeline", OtlpRequests.Span("module_generation"), OtlpRequests.Span("resource_generation"), OtlpRequests.Span(null));
        var span = rich.ResourceSpans[0].ScopeSpans[0].Spans[1];
        span.Attributes.Add(new KeyValue { Key = "pipeline.resource.type", Value = new AnyValue { StringValue = "terraform" } });
        span.Attributes.Add(new KeyValue { Key = "pipeline.quality.score", Value = new AnyValue { DoubleValue = 0.8 } });
        span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 12 } });
        span.Attributes.Add(new KeyValue { Key = "nested", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" } } } } });
        span.Events.Add(new Monitor.Collector.Protocol.Trace.Span.Types.Event { Name = "e", TimeUnixNano = 1 });
        span.Status = new Monitor.Collector.Protocol.Trace.Status { Code = Monitor.Collector.Protocol.Trace.Status.Types.StatusCode.Error };
        return [rich.ToByteArray(), OtlpRequests.Traces("plain", OtlpRequests.Span("hooks")).ToByteArray()];
    }

    private static byte[][] MetricsSeeds()
    {
        var gauge = new Metric { Name = "seed.gauge", Unit = "1", Gauge = new Gauge() };
        var point = new NumberDataPoint { AsDouble = 0.5 };
        point.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { StringValue = "v" } });
        gauge.Gauge.DataPoints.Add(point);
        var histogram = new Metric { Name = "seed.duration", Unit = "s", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta } };
        var bucketed = new HistogramDataPoint { Count = 3, Sum = 1.5 };
        bucketed.ExplicitBounds.Add([0.1, 1]);
        bucketed.BucketCounts.Add([1, 1, 1]);
        histogram.Histogram.DataPoints.Add(bucketed);
        var summary = new Metric { Name = "seed.summary", Summary = new Summary() };
        var quantiles = new SummaryDataPoint { Count = 2, Sum = 3 };
        quantiles.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 });
        summary.Summary.DataPoints.Add(quantiles);
        var queued = new Metric { Name = "pipeline.modules.queued", Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative } };
        queued.Sum.DataPoints.Add(new NumberDataPoint { AsInt = 4 });
        return [OtlpRequests.Metrics("seed-pipeline", gauge, histogram, summary, queued).ToByteArray()];
    }
}
