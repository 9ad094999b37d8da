using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Tests.Pipeline;

/// <summary>
/// A silent pipeline is forgotten after an hour, unless its silence is watched (an open alert, a
/// schedule): then its snapshot goes on, with its silence growing, for the inactivity rule to see.
/// </summary>
public sealed class PipelineRetentionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ASilentPipeline_IsForgottenAfterAnHour_OneSomeoneWatchesIsKeptWithItsSilenceGrowing()
    {
        var watched = new FixedRetention("watched");
        var tracker = Tracker(watched);
        tracker.Aggregate(Batch("watched", "forgotten"));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(["forgotten", "watched"], tracker.PublishSnapshots().Select(s => s.Metrics.Job));

        _time.Advance(TimeSpan.FromMinutes(2));
        var snapshot = Assert.Single(tracker.PublishSnapshots());
        Assert.Equal("watched", snapshot.Metrics.Job);
        Assert.Equal(TimeSpan.FromMinutes(61), _time.GetUtcNow() - snapshot.Status.LastActivity);
        Assert.Equal(1, watched.Asked);

        watched.Jobs = [];
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(tracker.PublishSnapshots());
    }

    private PerformanceTracker Tracker(IPipelineRetention retention)
    {
        var options = Options.Create(new CollectorOptions());
        var registry = new MetricRegistry(new SeriesBudget(options.Value.MaxSeries));
        return new PerformanceTracker(new PipelineEventChannel(options), new PipelineSeries(registry), registry, options, _time,
            new CollectorLog(NullLogger<CollectorLog>.Instance), [retention]);
    }

    private PipelineSpanBatch Batch(params string[] jobs) => new(
        [.. jobs.Select(job => new PipelineSpan(job, "i-1", PipelineStage.Hooks, false, 0.1, _time.GetUtcNow(), new TraceId(1, 2),
            new SpanId(3), null, null, null, null, null, 0, 0))],
        Stopwatch.GetTimestamp());

    private sealed class FixedRetention(params string[] jobs) : IPipelineRetention
    {
        public string[] Jobs { get; set; } = jobs;

        public int Asked { get; private set; }

        public IReadOnlySet<string> KeptJobs()
        {
            Asked++;
            return Jobs.ToHashSet(StringComparer.Ordinal);
        }
    }
}
