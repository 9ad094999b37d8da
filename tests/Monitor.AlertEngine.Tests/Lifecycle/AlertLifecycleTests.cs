using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>
/// The alert lifecycle (seed diagram 6), as a specification: fire, repeat, escalate, acknowledge,
/// fire again, resolve, expire; each step stored, published and kept as history.
/// </summary>
public sealed class AlertLifecycleTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Breach_NoOpenAlert_FiresOneAlertWithItsScopeStoredAndPublished()
    {
        using var changes = _rig.Manager.SubscribeChanges();

        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Warning, 1L), (alert.Status, alert.Severity, alert.Count));
        Assert.Equal("job-a", alert.Labels["job"]);
        Assert.Equal(0.3, alert.Data["value"]);
        Assert.True(changes.Reader.TryRead(out var published));
        Assert.Equal(alert.Id, Assert.Single(published).Id);
        Assert.Equivalent(alert, await _rig.StoredAsync(alert.Id), strict: true);
        Assert.Equal([AlertAction.Fired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task RepeatedBreach_SameProblem_RaisesCountAndLastSeenNeverANewRow()
    {
        var first = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromSeconds(5));
        var second = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Count);
        Assert.Equal(Alerts.T0.AddSeconds(5), second.LastSeen);
        var stored = await _rig.StoredAsync(first.Id);
        Assert.Equal(2, stored.Count);
        Assert.Single(await _rig.Store.GetOpenAsync(Cancel));
    }

    [Fact]
    public void RepeatedWindowBreach_WithinASecond_CountedOnce()
    {
        var first = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromMilliseconds(50));
        var changed = _rig.Manager.Apply([_rig.Breach(AlertSeverity.Warning)], []);

        Assert.Empty(changed);
        Assert.Equal(1, _rig.Manager.OpenFor(first.Fingerprint)!.Count);
    }

    [Fact]
    public async Task BreachPastCritical_WhileWarning_RaisesSeverityAndRecordsTheEscalation()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var escalated = _rig.Fire(_rig.Breach(AlertSeverity.Critical, value: 0.5));
        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var later = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertSeverity.Critical, escalated.Severity);
        Assert.Equal(AlertSeverity.Critical, later.Severity);
        Assert.Equal([AlertAction.Fired, AlertAction.Escalated], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledge_FiringAlert_RecordsWhoWhenAndComment()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromMinutes(3));

        var outcome = await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel);

        Assert.Equal(AcknowledgeResult.Acknowledged, outcome.Result);
        var stored = await _rig.StoredAsync(alert.Id);
        Assert.Equal((AlertStatus.Acknowledged, "alice", "on it"), (stored.Status, stored.AcknowledgedBy, stored.AcknowledgeComment));
        Assert.Equal(Alerts.T0.AddMinutes(3), stored.AcknowledgedAt);
        Assert.Null(stored.AcknowledgedUntil);
        Assert.True(stored.Acknowledged);
        var history = await _rig.Store.GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal(("alice", "on it"), (history[^1].Actor, history[^1].Comment));
    }

    [Fact]
    public async Task Acknowledge_Twice_IsIdempotent()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        var first = await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel);

        var second = await _rig.Manager.AcknowledgeAsync(alert.Id, "bob", "me too", null, Cancel);

        Assert.Equal(AcknowledgeResult.AlreadyAcknowledged, second.Result);
        Assert.Equal("alice", second.Alert!.AcknowledgedBy);
        Assert.Equal(first.Alert, second.Alert);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledge_UnknownId_NotFound()
    {
        var outcome = await _rig.Manager.AcknowledgeAsync("no-such-alert", "alice", null, null, Cancel);

        Assert.Equal(AcknowledgeResult.NotFound, outcome.Result);
        Assert.Null(outcome.Alert);
    }

    [Fact]
    public async Task Acknowledge_ResolvedAlert_AlreadyClosedAndUnchanged()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        _rig.Manager.Apply([], [alert.Fingerprint]);
        await _rig.StoredAsync(alert.Id);

        var outcome = await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);

        Assert.Equal(AcknowledgeResult.AlreadyClosed, outcome.Result);
        Assert.Equal(AlertStatus.Resolved, outcome.Alert!.Status);
        Assert.Null(outcome.Alert.AcknowledgedBy);
    }

    [Fact]
    public async Task AcknowledgedForADuration_BreachStillThereAfterIt_FiresAgain()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", "silence for 10 min", TimeSpan.FromMinutes(10), Cancel);

        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var during = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromMinutes(6));
        var after = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertStatus.Acknowledged, during.Status);
        Assert.Equal(AlertStatus.Firing, after.Status);
        Assert.Null(after.AcknowledgedBy);
        Assert.Equal(alert.Id, after.Id);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Refired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledged_SeverityRises_FiresAgain()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromSeconds(2));

        var refired = _rig.Fire(_rig.Breach(AlertSeverity.Critical, value: 0.6));

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Critical), (refired.Status, refired.Severity));
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Refired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task ConditionClears_AcknowledgedAlert_Resolved()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromMinutes(7));

        var resolved = Assert.Single(_rig.Manager.Apply([], [alert.Fingerprint]));

        Assert.Equal((AlertStatus.Resolved, Alerts.T0.AddMinutes(7)), (resolved.Status, resolved.ResolvedAt));
        Assert.Null(_rig.Manager.OpenFor(alert.Fingerprint));
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Resolved], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task FiringUnacknowledged_PastExpiry_ExpiresAndTheNextBreachIsANewAlert()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromHours(4));

        var expired = Assert.Single(_rig.Manager.Sweep(TimeSpan.FromHours(4), _ => false));
        var next = _rig.Fire(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertStatus.Expired, expired.Status);
        Assert.NotEqual(alert.Id, next.Id);
        Assert.Equal(AlertStatus.Expired, (await _rig.StoredAsync(alert.Id)).Status);
        Assert.Equal([AlertAction.Fired, AlertAction.Expired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task AcknowledgedAlert_PastExpiry_DoesNotExpire()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning));
        await _rig.Manager.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromHours(5));

        Assert.Empty(_rig.Manager.Sweep(TimeSpan.FromHours(4), _ => false));
    }

    [Fact]
    public async Task EventRuleBreaches_CarryTheLatestSpansIdsAndAtMostFiveEvidenceSpans()
    {
        PerformanceAlert alert = null!;
        for (var i = 1; i <= 7; i++)
        {
            alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning, rule: "slow_module", span: LifecycleRig.Span("module-" + i)));
        }

        Assert.Equal(("module-7", "resource-module-7"), (alert.ModuleId, alert.ResourceId));
        Assert.Equal(5, alert.Evidence.Count);
        Assert.Equal(7, alert.Count);
        Assert.All(alert.Evidence, e => Assert.Equal((32, 16), (e.TraceId.Length, e.SpanId.Length)));
        Assert.Equal(5, (await _rig.StoredAsync(alert.Id)).Evidence.Count);
    }

    [Fact]
    public void EventAlert_QuietForFiveMinutes_Resolves()
    {
        var alert = _rig.Fire(_rig.Breach(AlertSeverity.Warning, rule: "slow_module", span: LifecycleRig.Span("m")));
        _rig.Time.Advance(TimeSpan.FromMinutes(5));

        var resolved = Assert.Single(_rig.Manager.Sweep(TimeSpan.FromHours(4), rule => rule == "slow_module"));

        Assert.Equal((alert.Id, AlertStatus.Resolved), (resolved.Id, resolved.Status));
    }
}
