using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;

namespace Monitor.AlertEngine.Tests.OpenAlerts;

/// <summary>
/// The alert lifecycle (docs/architecture.md), as a specification: fire, repeat, escalate, acknowledge,
/// fire again, resolve, expire; each step stored, then published, and kept as history.
/// </summary>
public sealed class AlertLifecycleTests : IAsyncLifetime
{
    private LifecycleRig _rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Breach_NoOpenAlert_FiresOneAlertWithItsScopeStoredThenPublished()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Warning, 1L), (alert.Status, alert.Severity, alert.Count));
        Assert.Equal("job-a", alert.Labels["job"]);
        Assert.Equal(0.3, alert.Data["value"]);
        Assert.True(alert.Version > 0);
        Assert.Same(alert, Assert.Single(_rig.Drain()));
        Assert.Equivalent(alert, await _rig.StoredAsync(alert.Id), strict: true);
        Assert.Equal([AlertAction.Fired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task RepeatedBreach_SameProblem_RaisesCountAndLastSeenNeverANewRow()
    {
        var first = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Count);
        Assert.Equal(Alerts.T0.AddSeconds(5), second.LastSeen);
        Assert.True(second.Version > first.Version);
        Assert.Equal(2, (await _rig.StoredAsync(first.Id)).Count);
        Assert.Single(await _rig.Store.GetOpenAsync(Cancel));
    }

    [Fact]
    public async Task RepeatedWindowBreach_WithinASecond_CountedOnce()
    {
        var first = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromMilliseconds(50));
        var again = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal((first.Version, 1L), (again.Version, again.Count));
    }

    [Fact]
    public async Task BreachPastCritical_WhileWarning_RaisesSeverityAndRecordsTheEscalation()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var escalated = await _rig.FireAsync(_rig.Breach(AlertSeverity.Critical, value: 0.5));
        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var later = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertSeverity.Critical, escalated.Severity);
        Assert.Equal(AlertSeverity.Critical, later.Severity);
        Assert.Equal([AlertAction.Fired, AlertAction.Escalated], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledge_FiringAlert_RecordsWhoWhenAndComment()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromMinutes(3));

        var outcome = await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel);

        Assert.Equal(AcknowledgeResult.Acknowledged, outcome.Result);
        var stored = await _rig.StoredAsync(alert.Id);
        Assert.Equal((AlertStatus.Acknowledged, "alice", "on it"), (stored.Status, stored.AcknowledgedBy, stored.AcknowledgeComment));
        Assert.Equal(Alerts.T0.AddMinutes(3), stored.AcknowledgedAt);
        Assert.Null(stored.AcknowledgedUntil);
        Assert.True(stored.Acknowledged);
        Assert.Equivalent(stored, _rig.Open.OpenFor(alert.Fingerprint), strict: true);
        var history = await _rig.Store.GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal(("alice", "on it"), (history[^1].Actor, history[^1].Comment));
    }

    [Fact]
    public async Task Acknowledge_Twice_IsIdempotent()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        var first = await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "on it", null, Cancel);

        var second = await _rig.Commands.AcknowledgeAsync(alert.Id, "bob", "me too", null, Cancel);

        Assert.Equal(AcknowledgeResult.AlreadyAcknowledged, second.Result);
        Assert.Equal("alice", second.Alert!.AcknowledgedBy);
        Assert.Equivalent(first.Alert, second.Alert, strict: true);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledge_UnknownId_NotFound()
    {
        var outcome = await _rig.Commands.AcknowledgeAsync("no-such-alert", "alice", null, null, Cancel);

        Assert.Equal(AcknowledgeResult.NotFound, outcome.Result);
        Assert.Null(outcome.Alert);
    }

    [Fact]
    public async Task Acknowledge_ResolvedAlert_AlreadyClosedAndUnchanged()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.ClearAsync(alert.Fingerprint);

        var outcome = await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);

        Assert.Equal(AcknowledgeResult.AlreadyClosed, outcome.Result);
        Assert.Equal(AlertStatus.Resolved, outcome.Alert!.Status);
        Assert.Null(outcome.Alert.AcknowledgedBy);
    }

    [Fact]
    public async Task AcknowledgedForADuration_BreachStillThereAfterIt_FiresAgain()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", "silence for 10 min", TimeSpan.FromMinutes(10), Cancel);

        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var during = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromMinutes(6));
        var after = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertStatus.Acknowledged, during.Status);
        Assert.Equal(AlertStatus.Firing, after.Status);
        Assert.Null(after.AcknowledgedBy);
        Assert.Equal(alert.Id, after.Id);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Refired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task Acknowledged_SeverityRises_FiresAgain()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromSeconds(2));

        var refired = await _rig.FireAsync(_rig.Breach(AlertSeverity.Critical, value: 0.6));

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Critical), (refired.Status, refired.Severity));
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Refired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task ConditionClears_AcknowledgedAlert_Resolved()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromMinutes(7));

        var resolved = Assert.Single(await _rig.ClearAsync(alert.Fingerprint));

        Assert.Equal((AlertStatus.Resolved, Alerts.T0.AddMinutes(7)), (resolved.Status, resolved.ResolvedAt));
        Assert.Null(_rig.Open.OpenFor(alert.Fingerprint));
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Resolved], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task FiringUnacknowledged_NotSeenForTheExpiry_ExpiresAndTheNextBreachIsANewAlert()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        _rig.Time.Advance(TimeSpan.FromHours(4));

        var expired = Assert.Single(await _rig.SweepAsync(TimeSpan.FromHours(4)));
        var next = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));

        Assert.Equal(AlertStatus.Expired, expired.Status);
        Assert.NotEqual(alert.Id, next.Id);
        Assert.Equal(AlertStatus.Expired, (await _rig.StoredAsync(alert.Id)).Status);
        Assert.Equal([AlertAction.Fired, AlertAction.Expired], await _rig.HistoryAsync(alert.Id));
    }

    [Fact]
    public async Task IncidentLongerThanTheExpiry_StillBreaching_KeepsItsOneAlert()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        for (var hour = 1; hour <= 6; hour++)
        {
            _rig.Time.Advance(TimeSpan.FromHours(1));
            await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
            Assert.Empty(await _rig.SweepAsync(TimeSpan.FromHours(4)));
        }

        Assert.Equal((alert.Id, AlertStatus.Firing), (_rig.Open.OpenFor(alert.Fingerprint)!.Id, _rig.Open.OpenFor(alert.Fingerprint)!.Status));
    }

    [Fact]
    public async Task AcknowledgedAlert_PastExpiry_DoesNotExpire()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Time.Advance(TimeSpan.FromHours(5));

        Assert.Empty(await _rig.SweepAsync(TimeSpan.FromHours(4)));
    }

    [Fact]
    public async Task EventRuleBreaches_CarryTheLatestSpansIdsAndAtMostFiveEvidenceSpans()
    {
        PerformanceAlert alert = null!;
        for (var i = 1; i <= 7; i++)
        {
            alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, rule: RuleCatalogue.SlowModule, span: LifecycleRig.Span("module-" + i)));
        }

        Assert.Equal(("module-7", "resource-module-7"), (alert.ModuleId, alert.ResourceId));
        Assert.Equal(5, alert.Evidence.Count);
        Assert.Equal(7, alert.Count);
        Assert.All(alert.Evidence, e => Assert.Equal((32, 16), (e.TraceId.Length, e.SpanId.Length)));
        Assert.Equal(5, (await _rig.StoredAsync(alert.Id)).Evidence.Count);
    }

    [Fact]
    public async Task EventAlert_QuietForFiveMinutes_Resolves()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning, rule: RuleCatalogue.SlowModule, span: LifecycleRig.Span("m")));
        _rig.Time.Advance(TimeSpan.FromMinutes(5));

        var resolved = Assert.Single(await _rig.SweepAsync(TimeSpan.FromHours(4)));

        Assert.Equal((alert.Id, AlertStatus.Resolved), (resolved.Id, resolved.Status));
    }

    [Fact]
    public async Task StaleCopy_ArrivingAfterANewerOne_IsIgnored()
    {
        var alert = await _rig.FireAsync(_rig.Breach(AlertSeverity.Warning));
        await _rig.Commands.AcknowledgeAsync(alert.Id, "alice", null, null, Cancel);
        _rig.Drain();

        _rig.Open.TakeStored([alert]);

        Assert.Empty(_rig.Drain());
        Assert.Equal(AlertStatus.Acknowledged, _rig.Open.OpenFor(alert.Fingerprint)!.Status);
    }
}
