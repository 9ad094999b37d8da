using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.AlertEngine.Tests.Storage;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>
/// An admin's acknowledgement waits for its write; it must not wait behind a burst of new alerts
/// queued before it: it goes into the next transaction.
/// </summary>
public sealed class AcknowledgeDuringBurstTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private TestStore _store = null!;
    private RecordingStore _recording = null!;
    private AlertOutbox _outbox = null!;
    private AlertManager _manager = null!;
    private readonly FakeTimeProvider _time = new(Alerts.T0);

    public async ValueTask InitializeAsync()
    {
        _store = await StoreEngines.CreateAsync(StorageOptions.Sqlite);
        _recording = new RecordingStore(_store.Store);
        _outbox = new AlertOutbox(_recording, new AlertLog(NullLogger<AlertLog>.Instance), TimeProvider.System);
        _manager = new AlertManager(_outbox, _recording, new AlertMeter(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new AlertLog(NullLogger<AlertLog>.Instance), _time);
        await _outbox.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _outbox.StopAsync(CancellationToken.None);
        _outbox.Dispose();
        await _services.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task Acknowledge_QueuedBehindABurstOfNewAlerts_StoredInTheNextTransaction()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = Fire("burst-first");
        await _outbox.WhenStored(first.Id).WaitAsync(TimeSpan.FromSeconds(10), cancel);
        var burst = Enumerable.Range(0, 1000).Select(i => Fire($"burst-{i}")).ToList();

        var outcome = await _manager.AcknowledgeAsync(first.Id, "alice", "on it", null, cancel);

        Assert.Equal(AcknowledgeResult.Acknowledged, outcome.Result);
        var transactions = _recording.Transactions;
        // Transaction 0 stored the alert as it fired.
        var withAcknowledgement = transactions.FindLastIndex(t => t.Contains(first.Id));
        // The burst was queued first; at most the transaction already in flight goes before it.
        Assert.InRange(withAcknowledgement, 1, 2);
        Assert.True(_outbox.Depth > 0, "the acknowledgement waited for the whole burst");
        await _outbox.FlushAsync(cancel).WaitAsync(TimeSpan.FromSeconds(30), cancel);
        Assert.Equal(AlertStatus.Acknowledged, (await _store.Store.GetAsync(first.Id, cancel))!.Status);
        Assert.All(burst, alert => Assert.Contains(_recording.Transactions, t => t.Contains(alert.Id)));
    }

    private PerformanceAlert Fire(string job)
    {
        var scope = new Dictionary<string, string> { ["job"] = job };
        var breach = new RuleBreach(RuleSet.ErrorRate, Fingerprint.Of(RuleSet.ErrorRate, scope), scope, AlertSeverity.Warning, 0.3, 0.05, 0.2,
            "error rate 0.3", _time.GetUtcNow(), null);
        return _manager.Apply([breach], []).Single();
    }

    /// <summary>The real store, 20 ms slower per transaction (a busy disk), recording which alerts each transaction wrote.</summary>
    private sealed class RecordingStore(IAlertStore inner) : IAlertStore
    {
        private readonly List<HashSet<string>> _transactions = [];

        public List<HashSet<string>> Transactions
        {
            get
            {
                lock (_transactions)
                {
                    return [.. _transactions];
                }
            }
        }

        public string Provider => inner.Provider;

        public async Task<IReadOnlyList<PerformanceAlert>> WriteManyAsync(IReadOnlyList<AlertWrite> writes, CancellationToken cancellationToken)
        {
            lock (_transactions)
            {
                _transactions.Add([.. writes.Select(w => w.Alert.Id)]);
            }
            await Task.Delay(20, cancellationToken);
            return await inner.WriteManyAsync(writes, cancellationToken);
        }

        public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

        public Task<PerformanceAlert> WriteAsync(AlertWrite write, CancellationToken cancellationToken) => inner.WriteAsync(write, cancellationToken);

        public Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) => inner.GetOpenAsync(cancellationToken);

        public Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<PerformanceAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken) => inner.GetHistoryAsync(id, cancellationToken);

        public Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteClosedBeforeAsync(before, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
