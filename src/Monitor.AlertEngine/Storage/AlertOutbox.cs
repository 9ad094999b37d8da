using Microsoft.Extensions.Hosting;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Alert writes on their way to the store. Writes of one alert are merged (its latest state, the
/// sum of its count increments, all its transitions in order), so the outbox holds at most one
/// entry per alert: it is bounded by the number of alerts, not by the time the store is away.
/// A failed write goes back, merged with anything newer, and is retried with backoff; nothing is
/// dropped, and the upsert makes a retried write land on the same row. Writes leave in arrival
/// order, one transaction of up to 100 at a time, and an urgent write (an admin's acknowledgement,
/// which the admin waits for) goes into the next transaction, ahead of a burst of new alerts.
/// </summary>
internal sealed class AlertOutbox(IAlertStore store, AlertLog log, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private const int WritesPerTransaction = 100;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<string, AlertWrite> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Queue<string> _urgent = new();
    private Dictionary<string, AlertWrite> _inFlightBatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private Exception? _lastError;

    /// <summary>Raised after each successful write with the id the alert was queued under and the stored alert.</summary>
    public event Action<string, PerformanceAlert>? Stored;

    /// <summary>Alerts with a write not yet stored: queued or being written.</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count + _inFlightBatch.Count;
            }
        }
    }

    /// <summary>The last write failure, or null once a write succeeded after it.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Queues a write; an <paramref name="urgent"/> one goes into the next transaction.</summary>
    public void Enqueue(AlertWrite write, bool urgent = false)
    {
        var id = write.Alert.Id;
        lock (_lock)
        {
            if (_pending.TryGetValue(id, out var older))
            {
                _pending[id] = Merge(older, write);
            }
            else
            {
                _pending[id] = write;
                _order.Enqueue(id);
            }
            if (urgent)
            {
                _urgent.Enqueue(id);
            }
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
        while (TakeChunk() is { } chunk)
        {
            // One transaction for many alerts instead of one commit each, and one chunk at a time,
            // so that what arrives meanwhile (an acknowledgement) waits for one chunk, not a burst.
            IReadOnlyList<PerformanceAlert> stored;
            try
            {
                stored = await store.WriteManyAsync([.. chunk.Values], cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _lastError, error);
                Requeue(chunk);
                return false;
            }
            catch (OperationCanceledException)
            {
                Requeue(chunk);
                throw;
            }
            var done = new List<TaskCompletionSource>();
            lock (_lock)
            {
                foreach (var id in chunk.Keys)
                {
                    // A newer write queued meanwhile keeps the waiter until it is stored too.
                    if (!_pending.ContainsKey(id) && _waiters.Remove(id, out var waiter))
                    {
                        done.Add(waiter);
                    }
                }
                _inFlightBatch = new Dictionary<string, AlertWrite>(StringComparer.Ordinal);
            }
            Volatile.Write(ref _lastError, null);
            var i = 0;
            foreach (var id in chunk.Keys)
            {
                Stored?.Invoke(id, stored[i++]);
            }
            foreach (var waiter in done)
            {
                waiter.TrySetResult();
            }
        }
        return true;
    }

    /// <summary>The next transaction's writes: urgent ones first, then the oldest; null when nothing is pending.</summary>
    private Dictionary<string, AlertWrite>? TakeChunk()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                _order.Clear();
                _urgent.Clear();
                return null;
            }
            var chunk = new Dictionary<string, AlertWrite>(Math.Min(_pending.Count, WritesPerTransaction), StringComparer.Ordinal);
            // An id taken earlier (or merged away) can still be in a queue: skip what is no longer pending.
            while (chunk.Count < WritesPerTransaction && (_urgent.TryDequeue(out var id) || _order.TryDequeue(out id)))
            {
                if (_pending.Remove(id, out var write))
                {
                    chunk[id] = write;
                }
            }
            _inFlightBatch = chunk;
            return chunk;
        }
    }

    /// <summary>Puts failed writes back in front of anything queued meanwhile for the same alert.</summary>
    private void Requeue(Dictionary<string, AlertWrite> failed)
    {
        lock (_lock)
        {
            _inFlightBatch = new Dictionary<string, AlertWrite>(StringComparer.Ordinal);
            foreach (var (id, write) in failed)
            {
                if (_pending.TryGetValue(id, out var newer))
                {
                    _pending[id] = Merge(write, newer);
                }
                else
                {
                    _pending[id] = write;
                    _order.Enqueue(id);
                }
            }
        }
    }

    private static AlertWrite Merge(AlertWrite older, AlertWrite newer) =>
        new(newer.Alert, older.CountDelta + newer.CountDelta, [.. older.Transitions, .. newer.Transitions]);
}
