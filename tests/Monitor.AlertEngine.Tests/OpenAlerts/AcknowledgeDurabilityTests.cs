using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Tests.Storage;

namespace Monitor.AlertEngine.Tests.OpenAlerts;

/// <summary>
/// Acknowledge -> store updated -> broadcast: the answer comes once the store has it, and when the
/// store cannot take it the caller is told (nothing was recorded), never a success that a kill -9 undoes.
/// </summary>
public sealed class AcknowledgeDurabilityTests : IAsyncLifetime
{
    private BreakableStore _breakable = null!;
    private LifecycleRig _rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync(store => _breakable = new BreakableStore(store));

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Acknowledge_RightAfterFiring_AnsweredOnlyOnceTheStoreHasIt()
    {
        for (var i = 0; i < 100; i++)
        {
            var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, job: "durable-" + i));

            await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel);

            var history = await _rig.Store.GetHistoryAsync(alert.Id, Cancel);
            Assert.True(history.Any(h => h.Action == AlertAction.Acknowledged), $"attempt {i}: history is {string.Join(", ", history.Select(h => h.Action))}");
        }
    }

    [Fact]
    public async Task Acknowledge_StoreAway_RefusedAsUnavailableAndNothingRecorded()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, job: "store-away"));
        _breakable.Broken = true;

        await Assert.ThrowsAsync<AlertStoreUnavailableException>(() => _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel));

        _breakable.Broken = false;
        Assert.Equal(AlertStatus.Firing, (await _rig.Store.GetAsync(alert.Id, Cancel))!.Status);
        Assert.Equal(AlertStatus.Firing, _rig.Open.OpenFor(alert.Fingerprint)!.Status);
        Assert.Equal(AcknowledgeResult.Acknowledged, (await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel)).Result);
    }
}
