using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Runs;

namespace Monitor.AlertEngine.Tests.Runs;

/// <summary>The pipelines kept tracked though silent: those with an open alert and those with a schedule; not once the alert is closed.</summary>
public sealed class WatchedPipelinesTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task APipelineWithAnOpenAlertOrASchedule_IsKept_AClosedAlertNoLongerKeepsIt()
    {
        var options = new RunChecksOptions { Schedules = { ["nightly"] = new() { Cron = "0 2 * * *" } } };
        var watched = new WatchedPipelines(_rig.Open, new FixedOptionsMonitor<RunChecksOptions>(options));
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, job: "went-quiet"));

        Assert.Equal(["nightly", "went-quiet"], watched.KeptJobs().Order());

        await _rig.ClearAsync(alert.Fingerprint);
        Assert.Equal(["nightly"], watched.KeptJobs());
    }
}
