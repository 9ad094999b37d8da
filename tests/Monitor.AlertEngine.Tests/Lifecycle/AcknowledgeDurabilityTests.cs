using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>DESIGN's flow: acknowledge -> store updated -> broadcast. When the answer comes, the store has it.</summary>
public sealed class AcknowledgeDurabilityTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Acknowledge_RightAfterFiring_AnsweredOnlyOnceTheStoreHasIt()
    {
        for (var i = 0; i < 300; i++)
        {
            var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning, job: "durable-" + i));

            await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", "on it", null, TestContext.Current.CancellationToken);

            var history = await _rig.Store.GetHistoryAsync(alert.Id, TestContext.Current.CancellationToken);
            Assert.True(history.Any(h => h.Action == AlertAction.Acknowledged), $"attempt {i}: history is {string.Join(", ", history.Select(h => h.Action))}");
        }
    }
}
