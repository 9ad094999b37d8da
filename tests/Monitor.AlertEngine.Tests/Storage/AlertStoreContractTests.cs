using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>The store contract, run against every engine: what any IAlertStore must do.</summary>
public sealed class AlertStoreContractTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Write_NewAlert_ReadBackWithEveryFieldAndItsHistory(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var alert = Alerts.Firing();

        var stored = await test.Store.WriteAsync(new AlertWrite(alert, 1, [Alerts.Step(alert, AlertAction.Fired)]), Cancel);

        Assert.Equivalent(alert, stored, strict: true);
        Assert.Equivalent(alert, await test.Store.GetAsync(alert.Id, Cancel), strict: true);
        var history = await test.Store.GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal([AlertAction.Fired], history.Select(h => h.Action));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Write_SecondAlertForAnOpenFingerprint_MergesIntoTheFirstRow(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var first = Alerts.Firing() with { Count = 3 };
        var second = Alerts.Firing(first.Fingerprint) with { Count = 2, LastSeen = Alerts.T0.AddMinutes(1), Severity = AlertSeverity.Critical };

        await test.Store.WriteAsync(new AlertWrite(first, 3, [Alerts.Step(first, AlertAction.Fired)]), Cancel);
        var stored = await test.Store.WriteAsync(new AlertWrite(second, 2, [Alerts.Step(second, AlertAction.Fired)]), Cancel);

        Assert.Equal(first.Id, stored.Id);
        Assert.Equal(5, stored.Count);
        Assert.Equal(AlertSeverity.Critical, stored.Severity);
        Assert.Equal(second.LastSeen, stored.LastSeen);
        Assert.Single(await test.Store.GetOpenAsync(Cancel), a => a.Fingerprint == first.Fingerprint);
        Assert.Null(await test.Store.GetAsync(second.Id, Cancel));
        Assert.Equal(2, (await test.Store.GetHistoryAsync(first.Id, Cancel)).Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Write_ConcurrentBreachesOfOneProblem_OneRowWithEveryCount(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var fingerprint = Guid.NewGuid().ToString("N");

        var writes = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var alert = Alerts.Firing(fingerprint);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await test.Store.WriteAsync(new AlertWrite(alert, 1, [Alerts.Step(alert, AlertAction.Fired)]), Cancel);
                }
                catch (Exception) when (attempt < 20)
                {
                    // SQLite answers "busy" past its timeout under this much contention; the outbox retries the same way.
                    await Task.Delay(10, Cancel);
                }
            }
        }, Cancel));
        var stored = await Task.WhenAll(writes);

        Assert.Single(stored.Select(s => s.Id).Distinct());
        var open = Assert.Single(await test.Store.GetOpenAsync(Cancel), a => a.Fingerprint == fingerprint);
        Assert.Equal(16, open.Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Write_Resolved_LeavesTheOpenSetAndTheFingerprintCanFireAgain(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var alert = Alerts.Firing();
        await test.Store.WriteAsync(new AlertWrite(alert, 1, [Alerts.Step(alert, AlertAction.Fired)]), Cancel);
        var resolved = alert with { Status = AlertStatus.Resolved, ResolvedAt = Alerts.T0.AddMinutes(5) };

        await test.Store.WriteAsync(new AlertWrite(resolved, 0, [Alerts.Step(resolved, AlertAction.Resolved)]), Cancel);
        var again = Alerts.Firing(alert.Fingerprint);
        var stored = await test.Store.WriteAsync(new AlertWrite(again, 1, [Alerts.Step(again, AlertAction.Fired)]), Cancel);

        Assert.Equal(again.Id, stored.Id);
        Assert.Equal(AlertStatus.Resolved, (await test.Store.GetAsync(alert.Id, Cancel))!.Status);
        Assert.Equal(Alerts.T0.AddMinutes(5), (await test.Store.GetAsync(alert.Id, Cancel))!.ResolvedAt);
        Assert.DoesNotContain(await test.Store.GetOpenAsync(Cancel), a => a.Id == alert.Id);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Write_Acknowledged_KeepsWhoWhenCommentAndUntil(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var alert = Alerts.Firing();
        await test.Store.WriteAsync(new AlertWrite(alert, 1, []), Cancel);
        var acknowledged = alert with
        {
            Status = AlertStatus.Acknowledged,
            AcknowledgedBy = "admin",
            AcknowledgedAt = Alerts.T0.AddMinutes(2),
            AcknowledgeComment = "looking into it — ünïcode",
            AcknowledgedUntil = Alerts.T0.AddHours(1),
        };

        var stored = await test.Store.WriteAsync(new AlertWrite(acknowledged, 0, [Alerts.Step(acknowledged, AlertAction.Acknowledged, "admin", "looking")]), Cancel);

        Assert.Equivalent(acknowledged, stored, strict: true);
        var step = (await test.Store.GetHistoryAsync(alert.Id, Cancel)).Single();
        Assert.Equal(("admin", "looking"), (step.Actor, step.Comment));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Query_Filters_ByStatusSeverityJobAndSince(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var job = "query-" + Guid.NewGuid().ToString("N")[..8];
        var warning = Alerts.Firing(job: job);
        var critical = Alerts.Firing(job: job, severity: AlertSeverity.Critical) with { LastSeen = Alerts.T0.AddHours(2) };
        var resolved = Alerts.Firing(job: job) with { Status = AlertStatus.Resolved, ResolvedAt = Alerts.T0 };
        foreach (var alert in new[] { warning, critical, resolved })
        {
            await test.Store.WriteAsync(new AlertWrite(alert, 1, []), Cancel);
        }

        Assert.Equal(3, (await test.Store.QueryAsync(new AlertQuery(Job: job), Cancel)).Count);
        Assert.Equal([critical.Id], (await test.Store.QueryAsync(new AlertQuery(Severity: AlertSeverity.Critical, Job: job), Cancel)).Select(a => a.Id));
        Assert.Equal([resolved.Id], (await test.Store.QueryAsync(new AlertQuery(Status: AlertStatus.Resolved, Job: job), Cancel)).Select(a => a.Id));
        Assert.Equal([critical.Id], (await test.Store.QueryAsync(new AlertQuery(Since: Alerts.T0.AddHours(1), Job: job), Cancel)).Select(a => a.Id));
        Assert.Single(await test.Store.QueryAsync(new AlertQuery(Job: job, Limit: 1), Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task DeleteClosedBefore_RemovesOldClosedAlertsAndTheirHistoryOnly(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var oldClosed = Alerts.Firing() with { Status = AlertStatus.Expired, ResolvedAt = Alerts.T0, Timestamp = Alerts.T0.AddDays(-40) };
        var oldOpen = Alerts.Firing() with { Timestamp = Alerts.T0.AddDays(-40) };
        var recentClosed = Alerts.Firing() with { Status = AlertStatus.Resolved, ResolvedAt = Alerts.T0 };
        foreach (var alert in new[] { oldClosed, oldOpen, recentClosed })
        {
            await test.Store.WriteAsync(new AlertWrite(alert, 1, [Alerts.Step(alert, AlertAction.Fired)]), Cancel);
        }

        var deleted = await test.Store.DeleteClosedBeforeAsync(Alerts.T0.AddDays(-30), Cancel);

        Assert.True(deleted >= 1);
        Assert.Null(await test.Store.GetAsync(oldClosed.Id, Cancel));
        Assert.Empty(await test.Store.GetHistoryAsync(oldClosed.Id, Cancel));
        Assert.NotNull(await test.Store.GetAsync(oldOpen.Id, Cancel));
        Assert.NotNull(await test.Store.GetAsync(recentClosed.Id, Cancel));
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
