using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// The write queue: bounded by problems, not by time; a write the store refuses for its data is
/// set aside and never holds up the others; a store that is only away loses nothing.
/// </summary>
public sealed class WriteQueueTests : IAsyncLifetime
{
    private PoisonStore _store = null!;
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync(store => _store = new PoisonStore(store));

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task WriteRefusedForItsData_SetAsideCountedAndTheWritesBehindItLand()
    {
        var poison = _rig.Breach(AlertSeverity.Warning, job: "poison");
        _store.Poison = poison.Fingerprint;

        _rig.Throttle.Apply([_rig.Breach(AlertSeverity.Warning, job: "before"), poison, _rig.Breach(AlertSeverity.Warning, job: "after")], []);
        await _rig.FlushAsync();

        Assert.Equal(["after", "before"], (await _rig.Store.GetOpenAsync(TestContext.Current.CancellationToken)).Select(a => a.Job).Order());
        var (total, latest) = _rig.Queue.SetAside;
        Assert.Equal(1, total);
        Assert.StartsWith(poison.Fingerprint, Assert.Single(latest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreAway_NothingSetAside_EveryWriteLandsWhenItIsBack()
    {
        _store.Away = true;
        _rig.Throttle.Apply([.. Enumerable.Range(0, 5).Select(i => _rig.Breach(AlertSeverity.Warning, job: "away-" + i))], []);
        await Poll.UntilAsync(() => Task.FromResult(_rig.Queue.LastError), error => error is not null, "a failed write");

        _store.Away = false;
        await _rig.FlushAsync();

        Assert.Equal(5, (await _rig.Store.GetOpenAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Equal(0, _rig.Queue.SetAside.Total);
    }

    [Fact]
    public void Append_ProblemThatFlapsWhileTheStoreIsAway_KeepsAtMostThreeIntentsEndingInTheLatestState()
    {
        var intents = new List<AlertIntent>();
        for (var i = 0; i < 10; i++)
        {
            AlertWriteQueue.Append(intents, Alerts.Breach("f", at: Alerts.T0.AddMinutes(i)));
            AlertWriteQueue.Append(intents, Alerts.Breach("f", at: Alerts.T0.AddMinutes(i).AddSeconds(30)));
            AlertWriteQueue.Append(intents, Alerts.Resolve("f", Alerts.T0.AddMinutes(i).AddSeconds(40)));
        }

        Assert.Equal(2, intents.Count);
        Assert.Equal(20, ((BreachIntent)intents[0]).Count);
        Assert.Equal(Alerts.T0.AddMinutes(9).AddSeconds(40), Assert.IsType<CloseIntent>(intents[1]).At);
    }

    /// <summary>Refuses (as SQLite does a constraint) every write of one problem; or is away.</summary>
    private sealed class PoisonStore(IAlertStore inner) : DelegatingStore(inner)
    {
        public volatile string? Poison;
        public volatile bool Away;

        public override Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken)
        {
            if (Away)
            {
                return Task.FromException<IReadOnlyList<AlertChange>>(new SqliteException("database is locked", 5));
            }
            return intents.Any(i => i.Fingerprint == Poison)
                ? Task.FromException<IReadOnlyList<AlertChange>>(new SqliteException("CHECK constraint failed", 19))
                : base.ApplyAsync(intents, cancellationToken);
        }
    }
}
