using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// The notification outbox, on every engine: deliveries are written with the transition they
/// report, each is leased to one claimant at a time, in order per alert and receiver, and a
/// claimant that dies lets its lease lapse. One class at a time: a claim takes any due delivery
/// of the database, and the SQL Server one is shared.
/// </summary>
[Collection(nameof(NotificationOutboxContractTests))]
public sealed class NotificationOutboxContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Deliveries_AreWrittenWithTheChangeTheyReport_AndNoChangeMakesNone(string engine)
    {
        var planner = new ScriptedPlanner(change => [Delivery(change, "hook", DeliveryKind.Webhook)]);
        using var test = await CreateAsync(engine, planner);

        var fired = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;
        await test.Store.ApplyAsync([Alerts.Resolve(Alerts.NewFingerprint(), Alerts.T0)], Cancel);

        var record = Assert.Single(await test.Outbox.GetForAlertAsync(fired.Id, Cancel));
        Assert.Equal(("hook", "webhook", AlertAction.Fired, "pending", 0), (record.Receiver, record.Kind, record.Event, record.State, record.Attempts));
        Assert.Equal(1, await test.Outbox.CountPendingAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Claim_TwoClaimantsAtOnce_EachDeliveryIsLeasedToOne(string engine)
    {
        using var test = await CreateAsync(engine, new ScriptedPlanner(change => [Delivery(change, "hook", DeliveryKind.Webhook)]));
        for (var i = 0; i < 40; i++)
        {
            await test.Store.ApplyAsync([Alerts.Breach()], Cancel);
        }

        var claims = await Task.WhenAll(new[] { "replica-a", "replica-b" }.Select(claimant => Task.Run(async () =>
        {
            var mine = new List<long>();
            while ((await test.Outbox.ClaimAsync(claimant, Alerts.T0, Lease, 3, Cancel)) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(c => c.Id));
            }
            return mine;
        }, Cancel)));

        Assert.Empty(claims[0].Intersect(claims[1]));
        Assert.Equal(40, claims[0].Count + claims[1].Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Claim_InOrderPerAlertAndReceiver_AndAnAlertmanagerPostWaitsForTheSilenceChangeBeforeIt(string engine)
    {
        // A resolution of an acknowledged alert: expire its silence, post the resolution, tell the webhook.
        using var test = await CreateAsync(engine, new ScriptedPlanner(change =>
            [Delivery(change, "alertmanager-silences", DeliveryKind.Unsilence), Delivery(change, "alertmanager-1", DeliveryKind.Alerts),
             Delivery(change, "hook", DeliveryKind.Webhook)]));
        var fingerprint = Alerts.NewFingerprint();
        await test.Store.ApplyAsync([Alerts.Breach(fingerprint)], Cancel);
        await test.Store.ApplyAsync([Alerts.Breach(fingerprint, severity: AlertSeverity.Critical)], Cancel);

        var first = await test.Outbox.ClaimAsync("a", Alerts.T0, Lease, 100, Cancel);
        Assert.Equal(["unsilence", "webhook"], first.Select(c => DeliveryKinds.Name(c.Delivery.Kind)).Order());
        Assert.All(first, c => Assert.Equal(AlertAction.Fired, c.Delivery.Event));

        // Nothing more until those are done: the post waits for the silence change, the second
        // change's deliveries for the first change's ones to the same receiver.
        Assert.Empty(await test.Outbox.ClaimAsync("a", Alerts.T0, Lease, 100, Cancel));
        var unsilence = first.Single(c => c.Delivery.Kind == DeliveryKind.Unsilence);
        await test.Outbox.CompleteAsync(unsilence.Id, "a", Alerts.T0, null, Cancel);
        var second = await test.Outbox.ClaimAsync("a", Alerts.T0, Lease, 100, Cancel);
        Assert.Equal([(DeliveryKind.Alerts, AlertAction.Fired), (DeliveryKind.Unsilence, AlertAction.Escalated)],
            second.Select(c => (c.Delivery.Kind, c.Delivery.Event)).Order());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Lease_OfADeadClaimantLapses_AnotherSendsIt_TheLateCompletionChangesNothing(string engine)
    {
        using var test = await CreateAsync(engine, new ScriptedPlanner(change => [Delivery(change, "hook", DeliveryKind.Webhook)]));
        var alert = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;

        var dead = Assert.Single(await test.Outbox.ClaimAsync("dead", Alerts.T0, TimeSpan.FromSeconds(30), 10, Cancel));
        Assert.Empty(await test.Outbox.ClaimAsync("alive", Alerts.T0.AddSeconds(29), Lease, 10, Cancel));
        var taken = Assert.Single(await test.Outbox.ClaimAsync("alive", Alerts.T0.AddSeconds(31), Lease, 10, Cancel));
        Assert.Equal(dead.Id, taken.Id);

        await test.Outbox.CompleteAsync(dead.Id, "dead", Alerts.T0.AddSeconds(32), null, Cancel);
        Assert.Equal("pending", Assert.Single(await test.Outbox.GetForAlertAsync(alert.Id, Cancel)).State);
        await test.Outbox.CompleteAsync(taken.Id, "alive", Alerts.T0.AddSeconds(33), "done", Cancel);
        var record = Assert.Single(await test.Outbox.GetForAlertAsync(alert.Id, Cancel));
        Assert.Equal(("sent", Alerts.T0.AddSeconds(33), "done"), (record.State, record.SentAt, record.Result));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Retry_IsDueAgainOnlyAtItsTime_Fail_IsFinalAndKeepsTheError(string engine)
    {
        using var test = await CreateAsync(engine, new ScriptedPlanner(change => [Delivery(change, "hook", DeliveryKind.Webhook)]));
        var alert = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;
        var claimed = Assert.Single(await test.Outbox.ClaimAsync("a", Alerts.T0, Lease, 10, Cancel));

        await test.Outbox.RetryAsync(claimed.Id, "a", Alerts.T0.AddSeconds(10), "hook answered 500", Cancel);
        Assert.Equal(Alerts.T0.AddSeconds(10), await test.Outbox.NextDueAsync(Cancel));
        Assert.Empty(await test.Outbox.ClaimAsync("a", Alerts.T0.AddSeconds(9), Lease, 10, Cancel));
        var again = Assert.Single(await test.Outbox.ClaimAsync("a", Alerts.T0.AddSeconds(10), Lease, 10, Cancel));
        Assert.Equal(1, again.Attempts);

        await test.Outbox.FailAsync(again.Id, "a", Alerts.T0.AddSeconds(11), "hook answered 400: no such route", Cancel);
        Assert.Empty(await test.Outbox.ClaimAsync("a", Alerts.T0.AddHours(1), Lease, 10, Cancel));
        var record = Assert.Single(await test.Outbox.GetForAlertAsync(alert.Id, Cancel));
        Assert.Equal(("failed", 2, "hook answered 400: no such route"), (record.State, record.Attempts, record.LastError));
        Assert.Equal(0, await test.Outbox.CountPendingAsync(Cancel));
        Assert.Null(await test.Outbox.NextDueAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task GivenUpSince_CountsTheFailedOfThatSpan_NamesTheLatest(string engine)
    {
        using var test = await CreateAsync(engine, new ScriptedPlanner(change => [Delivery(change, "hook", DeliveryKind.Webhook), Delivery(change, "pager", DeliveryKind.Webhook)]));
        await test.Store.ApplyAsync([Alerts.Breach()], Cancel);
        var claimed = await test.Outbox.ClaimAsync("a", Alerts.T0, Lease, 10, Cancel);
        // Real time: a shared SQL Server database may hold the failures of earlier runs, at other times.
        var at = DateTimeOffset.UtcNow;
        var before = await test.Outbox.GivenUpSinceAsync(at.AddMinutes(-1), Cancel);

        await test.Outbox.FailAsync(claimed.Single(c => c.Delivery.Receiver == "hook").Id, "a", at, "hook answered 400", Cancel);
        await test.Outbox.FailAsync(claimed.Single(c => c.Delivery.Receiver == "pager").Id, "a", at.AddSeconds(1), "pager unreachable", Cancel);

        var givenUp = await test.Outbox.GivenUpSinceAsync(at.AddMinutes(-1), Cancel);
        Assert.Equal(before.Count + 2, givenUp.Count);
        Assert.Equal(("pager", "pager unreachable"), (givenUp.LatestReceiver, givenUp.LatestError));
        Assert.Equal(0, (await test.Outbox.GivenUpSinceAsync(at.AddSeconds(2), Cancel)).Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task RecordSilence_MovesTheVersion_AndIsKeptOnTheAlert(string engine)
    {
        using var test = await CreateAsync(engine, new ScriptedPlanner(_ => []));
        var alert = (await test.Store.ApplyAsync([Alerts.Breach()], Cancel)).Single().Alert;

        var change = await test.Store.RecordSilenceAsync(alert.Id, "8f1c4a0e-1111-4c4c-9d9d-0123456789ab", Alerts.T0.AddHours(1), Cancel);

        Assert.True(change!.Alert.Version > alert.Version);
        var stored = await test.Store.GetAsync(alert.Id, Cancel);
        Assert.Equal(("8f1c4a0e-1111-4c4c-9d9d-0123456789ab", Alerts.T0.AddHours(1)), (stored!.SilenceId, stored.SilenceUntil));
        Assert.Equal(AlertStatus.Firing, stored.Status);
        Assert.Null(await test.Store.RecordSilenceAsync("no-such-alert", null, null, Cancel));
    }

    private static async Task<TestStore> CreateAsync(string engine, IDeliveryPlanner planner)
    {
        var test = await StoreEngines.CreateAsync(engine, planner);
        // A shared SQL Server database may hold an earlier run's deliveries: done with, first.
        while ((await test.Outbox.ClaimAsync("clean-up", DateTimeOffset.MaxValue.AddYears(-1), Lease, 1000, Cancel)) is { Count: > 0 } left)
        {
            foreach (var claimed in left)
            {
                await test.Outbox.FailAsync(claimed.Id, "clean-up", DateTimeOffset.UnixEpoch, "left by an earlier run", Cancel);
            }
        }
        return test;
    }

    private static NotificationDelivery Delivery(AlertChange change, string receiver, DeliveryKind kind) =>
        new(change.Alert.Id, receiver, kind, change.Transitions.Count > 0 ? change.Transitions[0].Action : AlertAction.Fired, "{}",
            $"{change.Alert.Id}:{change.Alert.Version}:{receiver}:{DeliveryKinds.Name(kind)}", change.Alert.LastSeen);

    private sealed class ScriptedPlanner(Func<AlertChange, IReadOnlyList<NotificationDelivery>> plan) : IDeliveryPlanner
    {
        public IReadOnlyList<NotificationDelivery> Plan(PerformanceAlert? before, AlertChange change) =>
            change.Transitions.Count > 0 ? plan(change) : [];
    }
}

/// <summary>The outbox contract runs alone: its claims take any due delivery of the database.</summary>
[CollectionDefinition(nameof(NotificationOutboxContractTests), DisableParallelization = true)]
public sealed class OutboxAlone;
