using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>
/// An admin's acknowledgement waits for its write; it must not wait behind a burst of new alerts
/// queued before it: it goes into the next transaction.
/// </summary>
public sealed class AcknowledgeDuringBurstTests : IAsyncLifetime
{
    private RecordingStore _recording = null!;
    private LifecycleRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await LifecycleRig.StartAsync(store => _recording = new RecordingStore(store));

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Acknowledge_QueuedBehindABurstOfNewAlerts_StoredInTheNextTransaction()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = _rig.Fire(_rig.Breach(AlertSeverity.Warning, job: "burst-first"));
        await _rig.Outbox.WhenStored(first.Id).WaitAsync(TimeSpan.FromSeconds(10), cancel);
        var burst = Enumerable.Range(0, 1000).Select(i => _rig.Fire(_rig.Breach(AlertSeverity.Warning, job: $"burst-{i}"))).ToList();

        var outcome = await _rig.Manager.AcknowledgeAsync(first.Id, "alice", "on it", null, cancel);

        Assert.Equal(AcknowledgeResult.Acknowledged, outcome.Result);
        // Transaction 0 stored the alert as it fired; the burst was queued before the acknowledgement,
        // and at most the transaction already in flight goes ahead of it.
        Assert.InRange(_recording.Transactions.FindLastIndex(t => t.Contains(first.Id)), 1, 2);
        Assert.True(_rig.Outbox.Depth > 0, "the acknowledgement waited for the whole burst");
        Assert.Equal(AlertStatus.Acknowledged, (await _rig.StoredAsync(first.Id)).Status);
        Assert.All(burst, alert => Assert.Contains(_recording.Transactions, t => t.Contains(alert.Id)));
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
