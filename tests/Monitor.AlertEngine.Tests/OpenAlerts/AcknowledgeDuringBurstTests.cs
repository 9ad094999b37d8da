using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Tests.Storage;

namespace Monitor.AlertEngine.Tests.OpenAlerts;

/// <summary>
/// An admin's acknowledgement is written straight to the store: it never waits behind a burst
/// of new alerts queued before it.
/// </summary>
public sealed class AcknowledgeDuringBurstTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync(store => new SlowStore(store));

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Acknowledge_WhileABurstOfNewAlertsIsQueued_StoredBeforeTheBurstIs()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, job: "burst-first"));
        _rig.Throttle.Apply([.. Enumerable.Range(0, 1000).Select(i => _rig.Breach(AlertSeverity.Warning, job: $"burst-{i}"))], []);

        var outcome = await _rig.Commands.AcknowledgeAsync(first.Id, "alice", "on it", null, cancel);

        Assert.Equal(AcknowledgeResult.Acknowledged, outcome.Result);
        Assert.True(_rig.Queue.Depth > 0, "the acknowledgement waited for the whole burst");
        Assert.Equal(AlertStatus.Acknowledged, (await _rig.StoredAsync(first.Id)).Status);
        Assert.Equal(1001, (await _rig.Store.GetOpenAsync(cancel)).Count);
    }

    /// <summary>The real store, 20 ms slower per batch of intents (a busy disk).</summary>
    private sealed class SlowStore(IAlertStore inner) : DelegatingStore(inner)
    {
        public override async Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken);
            return await base.ApplyAsync(intents, cancellationToken);
        }
    }
}
