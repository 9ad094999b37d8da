using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// The store contract, run against every engine: what any IAlertStore must do. The store is the
/// truth shared by every replica: each change is decided against the stored row and moves its version.
/// </summary>
public sealed class AlertStoreContractTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_NewProblem_FiresAnAlertReadBackWithEveryFieldAndItsHistory(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();

        var change = Assert.Single(await test.Store.ApplyAsync([breach], Cancel));

        var alert = change.Alert;
        Assert.Equal((breach.NewId, AlertStatus.Firing, AlertSeverity.Warning, 1L), (alert.Id, alert.Status, alert.Severity, alert.Count));
        Assert.Equal((breach.Fingerprint, "error_rate", "module-1", Alerts.T0, Alerts.T0), (alert.Fingerprint, alert.Type, alert.ModuleId, alert.Timestamp, alert.LastSeen));
        Assert.Equal(breach.Scope, alert.Labels);
        Assert.Equal(breach.Evidence, alert.Evidence);
        Assert.True(alert.Version > 0);
        Assert.Equivalent(alert, await test.Store.GetAsync(alert.Id, Cancel), strict: true);
        Assert.Equal([AlertAction.Fired], (await test.Store.GetHistoryAsync(alert.Id, Cancel)).Select(h => h.Action));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_BreachOfAnOpenProblem_UpdatesItsOneRowWhoseIdNeverChanges(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var first = Alerts.Breach(count: 3);
        var fired = (await test.Store.ApplyAsync([first], Cancel)).Single().Alert;

        // Another replica's breach of the same problem, with its own would-be id.
        var other = Alerts.Breach(first.Fingerprint, severity: AlertSeverity.Critical, at: Alerts.T0.AddMinutes(1), count: 2, moduleId: null);
        var updated = (await test.Store.ApplyAsync([other], Cancel)).Single();

        Assert.Equal(fired.Id, updated.Alert.Id);
        Assert.Equal((5L, AlertSeverity.Critical, Alerts.T0.AddMinutes(1), "module-1"), (updated.Alert.Count, updated.Alert.Severity, updated.Alert.LastSeen, updated.Alert.ModuleId));
        Assert.True(updated.Alert.Version > fired.Version);
        Assert.Equal([AlertAction.Escalated], updated.Transitions.Select(t => t.Action));
        Assert.Single(await test.Store.GetOpenAsync(Cancel), a => a.Fingerprint == first.Fingerprint);
        Assert.Null(await test.Store.GetAsync(other.NewId, Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_ConcurrentBreachesOfOneProblem_OneRowWithEveryCount(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var fingerprint = Alerts.NewFingerprint();

        var writes = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return (await test.Store.ApplyAsync([Alerts.Breach(fingerprint)], Cancel)).Single().Alert;
                }
                catch (Exception) when (attempt < 50)
                {
                    // SQLite answers "busy" past its timeout under this much contention; the write queue retries the same way.
                    await Task.Delay(10, Cancel);
                }
            }
        }, Cancel));
        var stored = await Task.WhenAll(writes);

        Assert.Single(stored.Select(s => s.Id).Distinct());
        Assert.Equal(16, stored.Select(s => s.Version).Distinct().Count());
        Assert.Equal(16, Assert.Single(await test.Store.GetOpenAsync(Cancel), a => a.Fingerprint == fingerprint).Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_BreachAfterAnAcknowledgement_KeepsTheAcknowledgement(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();
        var alert = (await test.Store.ApplyAsync([breach], Cancel)).Single().Alert;
        await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, comment: "looking into it — ünïcode", duration: TimeSpan.FromHours(1)), Cancel);

        var after = (await test.Store.ApplyAsync([Alerts.Breach(breach.Fingerprint, at: Alerts.T0.AddMinutes(5))], Cancel)).Single().Alert;

        Assert.Equal((AlertStatus.Acknowledged, "admin", "looking into it — ünïcode"), (after.Status, after.AcknowledgedBy, after.AcknowledgeComment));
        Assert.Equal((Alerts.T0.AddMinutes(2), Alerts.T0.AddMinutes(2).AddHours(1)), (after.AcknowledgedAt, after.AcknowledgedUntil));
        Assert.Equal(2, after.Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_EndOfATimedAcknowledgementOrASeverityRise_RefiresAndClearsTheAcknowledgementInOneWrite(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var timed = Alerts.Breach();
        var rising = Alerts.Breach();
        var changes = await test.Store.ApplyAsync([timed, rising], Cancel);
        await test.Store.AcknowledgeAsync(Alerts.Acknowledge(changes[0].Alert.Id, duration: TimeSpan.FromMinutes(10)), Cancel);
        await test.Store.AcknowledgeAsync(Alerts.Acknowledge(changes[1].Alert.Id), Cancel);

        var refired = await test.Store.ApplyAsync(
            [Alerts.Breach(timed.Fingerprint, at: Alerts.T0.AddMinutes(13)), Alerts.Breach(rising.Fingerprint, severity: AlertSeverity.Critical, at: Alerts.T0.AddMinutes(3))],
            Cancel);

        Assert.All(refired, change =>
        {
            Assert.Equal((AlertStatus.Firing, null, null, null), (change.Alert.Status, change.Alert.AcknowledgedBy, change.Alert.AcknowledgedAt, change.Alert.AcknowledgedUntil));
            Assert.Equal([AlertAction.Refired], change.Transitions.Select(t => t.Action));
        });
        Assert.Equal(AlertSeverity.Critical, refired[1].Alert.Severity);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_Close_OnlyAnOpenAlertNotSeenSinceItWasDecided(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();
        var alert = (await test.Store.ApplyAsync([breach, Alerts.Breach(breach.Fingerprint, at: Alerts.T0.AddMinutes(10))], Cancel))[0].Alert;

        // Decided before the last breach: the breach wins.
        Assert.Empty(await test.Store.ApplyAsync([Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddMinutes(5))], Cancel));
        // Not seen for the expiry after the last breach: expires; then nothing is open to resolve.
        var expired = Assert.Single(await test.Store.ApplyAsync(
            [Alerts.Expire(breach.Fingerprint, Alerts.T0.AddHours(5), TimeSpan.FromHours(4)), Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddHours(6))], Cancel));

        Assert.Equal((alert.Id, AlertStatus.Expired, Alerts.T0.AddHours(5)), (expired.Alert.Id, expired.Alert.Status, expired.Alert.ResolvedAt));
        Assert.DoesNotContain(await test.Store.GetOpenAsync(Cancel), a => a.Id == alert.Id);
        var again = Assert.Single(await test.Store.ApplyAsync([Alerts.Breach(breach.Fingerprint, at: Alerts.T0.AddHours(7))], Cancel));
        Assert.NotEqual(alert.Id, again.Alert.Id);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_Expire_NeverAnAcknowledgedAlert(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();
        var alert = (await test.Store.ApplyAsync([breach], Cancel)).Single().Alert;
        await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id), Cancel);

        Assert.Empty(await test.Store.ApplyAsync([Alerts.Expire(breach.Fingerprint, Alerts.T0.AddHours(5), TimeSpan.FromHours(4))], Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Acknowledge_WritesOnlyAnOpenAlertNobodyAcknowledged(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();
        var alert = (await test.Store.ApplyAsync([breach], Cancel)).Single().Alert;

        var (first, change) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, "alice", "on it"), Cancel);
        var (second, none) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, "bob", "me too"), Cancel);
        await test.Store.ApplyAsync([Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddHours(1))], Cancel);
        var (closed, _) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id), Cancel);
        var (unknown, _) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge("no-such-alert"), Cancel);

        Assert.Equal((AcknowledgeResult.Acknowledged, "alice"), (first.Result, first.Alert!.AcknowledgedBy));
        Assert.Equal([AlertAction.Acknowledged], change!.Transitions.Select(t => t.Action));
        Assert.Equal((AcknowledgeResult.AlreadyAcknowledged, "alice"), (second.Result, second.Alert!.AcknowledgedBy));
        Assert.Null(none);
        Assert.Equal((AcknowledgeResult.AlreadyClosed, AlertStatus.Resolved), (closed.Result, closed.Alert!.Status));
        Assert.Equal((AcknowledgeResult.NotFound, null), (unknown.Result, unknown.Alert));
        var history = await test.Store.GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Resolved], history.Select(h => h.Action));
        Assert.Equal(("alice", "on it"), (history[1].Actor, history[1].Comment));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Unacknowledge_WithdrawsOnlyAnAcknowledgement_RecordedWithWhoAndWhy(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var breach = Alerts.Breach();
        var alert = (await test.Store.ApplyAsync([breach], Cancel)).Single().Alert;
        var (firing, unchanged) = await test.Store.UnacknowledgeAsync(Alerts.Unacknowledge(alert.Id), Cancel);
        await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, "alice", "on it", TimeSpan.FromHours(1)), Cancel);

        var (withdrawn, change) = await test.Store.UnacknowledgeAsync(Alerts.Unacknowledge(alert.Id, "bob", "wrong alert"), Cancel);
        var (again, _) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, "carol"), Cancel);
        await test.Store.ApplyAsync([Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddHours(1))], Cancel);
        var (closed, _) = await test.Store.UnacknowledgeAsync(Alerts.Unacknowledge(alert.Id), Cancel);
        var (unknown, _) = await test.Store.UnacknowledgeAsync(Alerts.Unacknowledge("no-such-alert"), Cancel);

        Assert.Equal((UnacknowledgeResult.NotAcknowledged, null), (firing.Result, unchanged));
        Assert.Equal(UnacknowledgeResult.Unacknowledged, withdrawn.Result);
        Assert.Equal((AlertStatus.Firing, null, null, null), (withdrawn.Alert!.Status, withdrawn.Alert.AcknowledgedBy, withdrawn.Alert.AcknowledgeComment, withdrawn.Alert.AcknowledgedUntil));
        Assert.Equivalent(withdrawn.Alert, change!.Alert with { }, strict: true);
        Assert.Equal(AcknowledgeResult.Acknowledged, again.Result);
        Assert.Equal((UnacknowledgeResult.AlreadyClosed, UnacknowledgeResult.NotFound), (closed.Result, unknown.Result));
        var history = await test.Store.GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal([AlertAction.Fired, AlertAction.Acknowledged, AlertAction.Unacknowledged, AlertAction.Acknowledged, AlertAction.Resolved],
            history.Select(h => h.Action));
        Assert.Equal(("bob", "wrong alert", AlertStatus.Firing), (history[2].Actor, history[2].Comment, history[2].Status));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Acknowledge_ManyAtOnce_OneRecorded(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var alert = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return (await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, "admin-" + i), Cancel)).Outcome.Result;
                }
                catch (Exception) when (attempt < 100)
                {
                    await Task.Delay(10, Cancel);
                }
            }
        }, Cancel)));

        Assert.Equal(1, results.Count(r => r == AcknowledgeResult.Acknowledged));
        Assert.All(results, r => Assert.True(r is AcknowledgeResult.Acknowledged or AcknowledgeResult.AlreadyAcknowledged));
        Assert.Single(await test.Store.GetHistoryAsync(alert.Id, Cancel), h => h.Action == AlertAction.Acknowledged);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task GetChangedSince_EveryAlertChangedAfterAVersion_OldestChangeFirst(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var before = await test.Store.GetLatestVersionAsync(Cancel);
        var a = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;
        var b = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;
        var (acknowledged, _) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(a.Id), Cancel);

        var changed = await test.Store.GetChangedSinceAsync(before, 100, Cancel);

        Assert.Equal([b.Id, a.Id], changed.Select(x => x.Id));
        Assert.Equal(acknowledged.Alert!.Version, changed[1].Version);
        Assert.Equal(acknowledged.Alert.Version, await test.Store.GetLatestVersionAsync(Cancel));
        Assert.Equal([a.Id], (await test.Store.GetChangedSinceAsync(b.Version, 100, Cancel)).Select(x => x.Id));
        Assert.Single(await test.Store.GetChangedSinceAsync(before, 1, Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Query_FiltersByStatusSeverityJobTypeTextAndTime_NewestFirstInPages(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var job = "query-" + Guid.NewGuid().ToString("N")[..8];
        var warning = Alerts.Breach(job: job);
        var critical = Alerts.Breach(job: job, severity: AlertSeverity.Critical, at: Alerts.T0.AddHours(2));
        var resolved = Alerts.Breach(job: job, at: Alerts.T0.AddHours(-3));
        await test.Store.ApplyAsync([warning, critical, resolved, Alerts.Resolve(resolved.Fingerprint, Alerts.T0.AddHours(-2))], Cancel);

        async Task<string[]> Ids(AlertQuery query) => [.. (await test.Store.QueryAsync(query, Cancel)).Items.Select(a => a.Id)];

        Assert.Equal([critical.NewId, warning.NewId, resolved.NewId], await Ids(new AlertQuery(Job: job)));
        Assert.Equal([critical.NewId], await Ids(new AlertQuery(Severity: AlertSeverity.Critical, Job: job)));
        Assert.Equal([resolved.NewId], await Ids(new AlertQuery(Status: AlertStatus.Resolved, Job: job)));
        Assert.Equal([critical.NewId, warning.NewId], await Ids(new AlertQuery(Job: job, From: Alerts.T0.AddHours(-1))));
        Assert.Equal([warning.NewId, resolved.NewId], await Ids(new AlertQuery(Job: job, To: Alerts.T0.AddHours(1))));
        Assert.Equal([critical.NewId, warning.NewId, resolved.NewId], await Ids(new AlertQuery(Type: "error_rate", Text: job)));
        Assert.Empty(await Ids(new AlertQuery(Job: job, Text: "100%_not-there")));
        var page = await test.Store.QueryAsync(new AlertQuery(Job: job, Page: 2, PageSize: 2), Cancel);
        Assert.Equal((3L, 2, 2), (page.Total, page.Page, page.PageSize));
        Assert.Equal([resolved.NewId], page.Items.Select(a => a.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Query_Text_FindsAnyPartOfTheMessageOrALabelValue_IgnoringCase_AfterUpdatesToo(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first = Alerts.Breach(job: $"search-{tag}-billing") with { Message = $"error rate 40 % on \"GPT-x\" {tag}" };
        var second = Alerts.Breach(job: $"search-{tag}-ranker") with { Message = $"quality 0.2 {tag}" };
        await test.Store.ApplyAsync([first, second], Cancel);
        await test.Store.ApplyAsync([Alerts.Breach(second.Fingerprint, job: $"search-{tag}-ranker", at: Alerts.T0.AddMinutes(1)) with { Message = $"quality 0.1 now {tag} rerun" }], Cancel);

        async Task<string[]> Ids(string text) => [.. (await test.Store.QueryAsync(new AlertQuery(Text: text), Cancel)).Items.Select(a => a.Id).Order()];

        Assert.Equal([first.NewId], await Ids($"{tag}-billing"));
        Assert.Equal([first.NewId], await Ids("\"gpt-X\""));
        Assert.Equal([second.NewId], await Ids($"{tag} rerun"));
        Assert.Empty(await Ids($"quality 0.2 {tag}"));
        Assert.Equal(new[] { first.NewId, second.NewId }.Order(), await Ids(tag));
        Assert.Contains(first.NewId, await Ids("40"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Apply_TelemetrySizedValues_StoredCutToTheColumnsNeverFailing(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var huge = new string('j', 10_000);
        var breach = Alerts.Breach(job: huge, moduleId: new string('m', 10_000)) with { Message = new string('x', 10_000) + "😀" };

        var alert = Assert.Single(await test.Store.ApplyAsync([breach], Cancel)).Alert;
        var (acknowledged, _) = await test.Store.AcknowledgeAsync(Alerts.Acknowledge(alert.Id, new string('a', 5_000), new string('c', 10_000)), Cancel);

        var stored = (await test.Store.GetAsync(alert.Id, Cancel))!;
        Assert.Equal((StoreLimits.Identifier, StoreLimits.Message), (stored.ModuleId!.Length, stored.Message.Length));
        Assert.Equal(StoreLimits.LabelValue, stored.Job.Length);
        Assert.EndsWith("…", stored.ModuleId, StringComparison.Ordinal);
        Assert.Equal((StoreLimits.Actor, StoreLimits.Comment), (stored.AcknowledgedBy!.Length, stored.AcknowledgeComment!.Length));
        Assert.Equivalent(acknowledged.Alert, stored, strict: true);
        Assert.Single((await test.Store.QueryAsync(new AlertQuery(Job: huge[..StoreLimits.Job][..^1] + "…"), Cancel)).Items);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task DeleteClosedBefore_RemovesOldClosedAlertsAndTheirHistoryOnly(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var oldClosed = Alerts.Breach(at: Alerts.T0.AddDays(-40));
        var oldOpen = Alerts.Breach(at: Alerts.T0.AddDays(-40));
        var recentClosed = Alerts.Breach(at: Alerts.T0);
        await test.Store.ApplyAsync([oldClosed, oldOpen, recentClosed, Alerts.Resolve(oldClosed.Fingerprint, Alerts.T0), Alerts.Resolve(recentClosed.Fingerprint, Alerts.T0)], Cancel);

        var deleted = await test.Store.DeleteClosedBeforeAsync(Alerts.T0.AddDays(-30), Cancel);

        Assert.True(deleted >= 1);
        Assert.Null(await test.Store.GetAsync(oldClosed.NewId, Cancel));
        Assert.Empty(await test.Store.GetHistoryAsync(oldClosed.NewId, Cancel));
        Assert.NotNull(await test.Store.GetAsync(oldOpen.NewId, Cancel));
        Assert.NotNull(await test.Store.GetAsync(recentClosed.NewId, Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Migrate_AgainAndConcurrently_AppliesEachVersionOnce(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => test.Store.MigrateAsync(Cancel)));
        await test.Store.PingAsync(Cancel);
    }
}
