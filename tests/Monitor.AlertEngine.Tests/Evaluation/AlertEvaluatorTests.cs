using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Evaluation;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Runs;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Runs;
using Monitor.TestSupport;

namespace Monitor.AlertEngine.Tests.Evaluation;

/// <summary>
/// The evaluation loop: a rule that throws is counted in monitor_rule_errors_total{rule} and the
/// other rules go on (the drill: one bad rule ended a loop silently).
/// </summary>
public sealed class AlertEvaluatorTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task RuleThatThrows_CountedAndLogged_TheOtherRulesStillFire()
    {
        var monitoring = new MonitoringOptions();
        monitoring.AlertThresholds.Custom.Add(new CustomRuleOptions { Name = "broken", Metric = "explodes", Warning = 1, Critical = 2 });
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meter = new AlertMeter(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter.Meter && instrument.Name == "monitor.rule.errors")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "rule")
                {
                    errors.Enqueue(tag.Value as string);
                }
            }
        });
        listener.Start();
        using var feed = new ManualFeed();
        using var rules = new RuleSource(new FixedOptionsMonitor<MonitoringOptions>(monitoring), new AlertLog(NullLogger<AlertLog>.Instance));
        using var evaluator = new AlertEvaluator(feed, new NoRuns(), new FixedOptionsMonitor<RunChecksOptions>(new RunChecksOptions()), new NothingShared(), new ExplodingSeries(), rules, _rig.Throttle, meter, new AlertLog(NullLogger<AlertLog>.Instance), TimeProvider.System);
        await evaluator.StartAsync(TestContext.Current.CancellationToken);

        // Each tick throws again and is counted again: the loop is not ended by it.
        for (var tick = 1; tick <= 3; tick++)
        {
            feed.Tick([Snapshots.Of("evaluated", samples: 100, errorRate: 0.5)]);
            await Poll.UntilAsync(() => Task.FromResult(errors.Count), count => count >= tick, $"error {tick} counted");
        }

        await Poll.UntilAsync(() => Task.FromResult(_rig.Open.OpenAlerts.Count), count => count > 0, "the error rate alert, beside the broken rule");
        Assert.Contains(_rig.Open.OpenAlerts, a => a.Type == RuleCatalogue.ErrorRate);
        Assert.All(errors, rule => Assert.Equal("broken", rule));
        await evaluator.StopAsync(TestContext.Current.CancellationToken);
    }

    private sealed class NoRuns : IRunFeed
    {
        public FeedSubscription<RunEnded> SubscribeEnded(int capacity = 1024) => new(capacity, static _ => { });

        public IReadOnlyList<PipelineRun> RunsOf(string job) => [];

        public IReadOnlyList<PipelineRun> ActiveRuns() => [];

        public IReadOnlyDictionary<string, DateTimeOffset> LastStarts() => new Dictionary<string, DateTimeOffset>();
    }

    private sealed class NothingShared : ISharedRunStarts
    {
        public Monitor.AlertEngine.Storage.Runs.StoredRunStarts? Latest => null;
    }

    private sealed class ExplodingSeries : ISeriesReader
    {
        public IReadOnlyList<SeriesSample> Read(string metricName) => throw new InvalidOperationException("a defect in a rule");
    }

    /// <summary>A feed the test drives: snapshots when it says so, no spans.</summary>
    private sealed class ManualFeed : IPipelineFeed, IDisposable
    {
        private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _snapshots;

        public IReadOnlyList<PipelineSnapshot> LatestSnapshots { get; private set; } = [];

        public void Tick(IReadOnlyList<PipelineSnapshot> snapshots)
        {
            LatestSnapshots = snapshots;
            _snapshots!.Publish(snapshots);
        }

        public FeedSubscription<IReadOnlyList<PipelineSnapshot>> SubscribeSnapshots() => _snapshots = new(4, static _ => { });

        public FeedSubscription<PipelineSpanBatch> SubscribeSpans(int capacity = 1024) => new(capacity, static _ => { });

        public PipelineSnapshot? SnapshotOf(string job) => LatestSnapshots.FirstOrDefault(s => s.Metrics.Job == job);

        public void Dispose() => _snapshots?.Dispose();
    }
}
