using System.Diagnostics.Metrics;
using System.Text.Json;
using Monitor.AlertEngine.Cluster;
using Monitor.Collector.Pipeline;
using Monitor.TestSupport;
using Monitor.Web.Fleet;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.Web.Fleet;

/// <summary>
/// The fleet a replica shows is bounded like its own pipelines: other replicas' pipelines past
/// Collector:MaxPipelines are left out, this replica's own kept, and the number left out is a metric.
/// Runs with the cluster tests, one after another: their failover timings are measured on the same two cores.
/// </summary>
[Collection(Cluster.ClusterTestGroup.Name)]
public sealed class FleetBoundTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task OtherReplicasPipelinesPastMaxPipelines_LeftOutAndCounted_OwnKept()
    {
        await using var monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Collector:MaxPipelines"] = "3" });
        foreach (var job in new[] { "own-a", "own-b" })
        {
            using var spans = new PipelineSpans(job, monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
            spans.Span("hooks", TimeSpan.FromMilliseconds(5));
            spans.Flush();
        }
        var fleet = monitor.Get<FleetSnapshots>();
        var own = await Poll.UntilAsync(() => Task.FromResult(monitor.Get<IPipelineFeed>().LatestSnapshots), s => s.Count == 2, "this replica's two pipelines");

        // Another replica announces three pipelines of its own.
        var others = new[] { "other-x", "other-y", "other-z" }.Select(job => own[0] with
        {
            Timestamp = DateTimeOffset.UtcNow.AddMinutes(1),
            Metrics = own[0].Metrics with { Job = job },
            Status = own[0].Status with { Job = job },
        }).ToArray();
        var bus = monitor.Get<IClusterBus>();
        // Announced again on each poll, as a live replica does every tick: an announcement older
        // than FleetSnapshots.StaleAfter is a replica gone, whose pipelines are dropped, not left out.
        void Announce() => bus.Publish(FleetSnapshots.Channel,
            JsonSerializer.SerializeToUtf8Bytes(new { Node = "another-replica", At = DateTimeOffset.UtcNow, Snapshots = others }, Web));
        var shown = await Poll.UntilAsync(() =>
        {
            Announce();
            return Task.FromResult(fleet.Latest);
        }, latest => latest.Any(s => s.Metrics.Job.StartsWith("other-", StringComparison.Ordinal)), "the other replica's pipelines in the fleet");

        Assert.Equal(["other-x", "own-a", "own-b"], shown.Select(s => s.Metrics.Job));
        // Read from this host's own instrument: the test process runs many hosts, and the
        // OpenTelemetry SDK subscribes to meters by name, so /metrics of one host can show another
        // host's value of the same gauge (one process holds one monitor in production).
        var factory = monitor.Get<IMeterFactory>();
        var leftOut = -1;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "monitor.fleet.pipelines_left_out")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => leftOut = value);
        listener.Start();
        Assert.Equal(2, await Poll.UntilAsync(() =>
        {
            Announce();
            listener.RecordObservableInstruments();
            return Task.FromResult(leftOut);
        }, value => value == 2, "two pipelines counted as left out"));
        Assert.Contains("monitor_fleet_pipelines_left_out", await monitor.ScrapeAsync(), StringComparison.Ordinal);
        Assert.Equal(["other-x", "own-a", "own-b"], monitor.Get<MonitorState>().Metrics().Select(m => m.Job));
    }
}
