using System.Buffers;
using BenchmarkDotNet.Attributes;
using Monitor.Collector.Prometheus;

namespace Monitor.Benchmarks;

/// <summary>Writing /metrics for 10K and 100K pass-through gauge series: time and bytes allocated per scrape.</summary>
[MemoryDiagnoser]
public class ScrapeBenchmarks
{
    private MetricRegistry _registry = null!;
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024 * 1024);

    [Params(10_000, 100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _registry = new MetricRegistry(new SeriesBudget(Series + 1));
        var family = _registry.GetOrAddFamily<LabelSet, ValueSeries>("ai_requests_total", MetricType.Counter, "Requests",
            static labels => new ValueSeries(PrometheusText.EncodeLabels(labels.Labels)))!;
        for (var i = 0; i < Series; i++)
        {
            family.GetOrAdd(new LabelSet([new("job", "pipeline-" + (i % 50)), new("instance", "i-" + i), new("model", "m" + (i % 7))]))!.Add(i * 1.5);
        }
    }

    [Benchmark]
    public int WriteExposition()
    {
        _output.ResetWrittenCount();
        _registry.WriteTo(_output);
        return _output.WrittenCount;
    }
}
