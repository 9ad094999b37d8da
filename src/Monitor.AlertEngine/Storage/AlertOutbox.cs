using Microsoft.Extensions.Hosting;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Alert writes on their way to the store. Writes of one alert are merged (its latest state, the
/// sum of its count increments, all its transitions in order), so the outbox holds at most one
/// entry per alert: it is bounded by the number of alerts, not by the time the store is away.
/// A failed write goes back, merged with anything newer, and is retried with backoff; nothing is
/// dropped, and the upsert makes a retried write land on the same row.
/// </summary>
internal sealed class AlertOutbox(IAlertStore store, AlertLog log, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private const int WritesPerTransaction = 100;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private Dictionary<string, AlertWrite> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, AlertWrite> _inFlightBatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private Exception? _lastError;
    private int _inFlight;

    /// <summary>Raised after each successful write with the id the alert was queued under and the stored alert.</summary>
    public event Action<string, PerformanceAlert>? Stored;

    /// <summary>Alerts with a write not yet stored: queued or being written.</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count + _inFlight;
            }
        }
    }

    /// <summary>The last write failure, or null once a write succeeded after it.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    public void Enqueue(AlertWrite write)
    {
        lock (_lock)
        {
            _pending[write.Alert.Id] = _pending.TryGetValue(write.Alert.Id, out var older) ? Merge(older, write) : write;
        }
        _signal.Release();
    }

    /// <summary>Completes once everything queued so far for <paramref name="alertId"/> is stored.</summary>
    public Task WhenStored(string alertId)
    {
        lock (_lock)
        {
            if (!_pending.ContainsKey(alertId) && !_inFlightBatch.ContainsKey(alertId))
            {
                return Task.CompletedTask;
            }
            if (!_waiters.TryGetValue(alertId, out var waiter))
            {
                _waiters[alertId] = waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return waiter.Task;
        }
    }

    /// <summary>Waits until every queued write is stored (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (Depth > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            while (await DrainAsync(stoppingToken) is false)
            {
                log.StoreWriteFailed(LastError!, Depth, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
            }
            if (delay != FirstRetry)
            {
                log.StoreRecovered();
                delay = FirstRetry;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Last chance for what is queued; what still fails is reloaded from the store's open alerts
        // at the next start only if it was written before, so try once more.
        await DrainAsync(cancellationToken);
    }

    /// <summary>Writes everything pending; false (with the failed writes back in the queue) when the store fails.</summary>
    private async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, AlertWrite> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }
            batch = _pending;
            _pending = new Dictionary<string, AlertWrite>(StringComparer.Ordinal);
            _inFlight = batch.Count;
            _inFlightBatch = batch;
        }
        try
        {
            // Chunks of writes in one transaction each: one commit for many alerts instead of one
            // per alert, so a burst (thousands of alerts) does not queue every write behind a commit.
            foreach (var chunk in batch.ToArray().Chunk(WritesPerTransaction))
            {
                IReadOnlyList<PerformanceAlert> stored;
                try
                {
                    stored = await store.WriteManyAsync([.. chunk.Select(c => c.Value)], cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Volatile.Write(ref _lastError, error);
                    Requeue(batch);
                    return false;
                }
                var done = new List<TaskCompletionSource>();
                lock (_lock)
                {
                    foreach (var (id, _) in chunk)
                    {
                        batch.Remove(id);
                        _inFlight--;
                        // A newer write queued meanwhile keeps the waiter until it is stored too.
                        if (!_pending.ContainsKey(id) && _waiters.Remove(id, out var waiter))
                        {
                            done.Add(waiter);
                        }
                    }
                }
                Volatile.Write(ref _lastError, null);
                for (var i = 0; i < chunk.Length; i++)
                {
                    Stored?.Invoke(chunk[i].Key, stored[i]);
                }
                foreach (var waiter in done)
                {
                    waiter.TrySetResult();
                }
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            Requeue(batch);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight = 0;
                _inFlightBatch = new Dictionary<string, AlertWrite>(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Puts failed writes back in front of anything queued meanwhile for the same alert.</summary>
    private void Requeue(Dictionary<string, AlertWrite> failed)
    {
        lock (_lock)
        {
            _inFlight = 0;
            foreach (var (id, write) in failed)
            {
                _pending[id] = _pending.TryGetValue(id, out var newer) ? Merge(write, newer) : write;
            }
        }
    }

    private static AlertWrite Merge(AlertWrite older, AlertWrite newer) =>
        new(newer.Alert, older.CountDelta + newer.CountDelta, [.. older.Transitions, .. newer.Transitions]);
}
