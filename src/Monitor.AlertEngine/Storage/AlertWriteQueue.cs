using Microsoft.Extensions.Hosting;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Alert intents on their way to the store, in memory (not a durable outbox: what it holds when
/// the process dies is decided again from the next spans). Intents of one problem are merged
/// (breaches add up, a close after a breach stays after it), so the queue holds at most three per
/// fingerprint: it is bounded by the number of problems, not by how long the store is away.
/// Chunks of up to <see cref="FingerprintsPerTransaction"/> problems go to the store in one
/// transaction, oldest first; a failed chunk goes back and is retried with backoff. A chunk the
/// store refuses for its data (<see cref="IAlertStore.RefusesForItsData"/>) is tried one problem
/// at a time, and the one the store refuses alone is set aside (logged, counted, shown on
/// /readyz), so it never holds up the writes behind it; any other failure is the store's, and
/// nothing is set aside for it.
/// </summary>
internal sealed class AlertWriteQueue(IAlertStore store, AlertStoreService storeService, AlertLog log, AlertMeter meter, TimeProvider time)
    : BackgroundService
{
    private const int FingerprintsPerTransaction = 100;
    private const int SetAsideKept = 20;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<string, List<AlertIntent>> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Queue<string> _setAside = new();
    private int _inFlight;
    private long _setAsideTotal;
    private Exception? _lastError;

    /// <summary>Problems with an intent not yet stored: queued or being written.</summary>
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

    /// <summary>Intents the store refused for their data, in all; and the latest few, described.</summary>
    public (long Total, IReadOnlyList<string> Latest) SetAside
    {
        get
        {
            lock (_lock)
            {
                return (_setAsideTotal, [.. _setAside]);
            }
        }
    }

    public void Enqueue(AlertIntent intent)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(intent.Fingerprint, out var intents))
            {
                _pending[intent.Fingerprint] = intents = new List<AlertIntent>(1);
                _order.Enqueue(intent.Fingerprint);
            }
            Append(intents, intent);
        }
        _signal.Release();
    }

    /// <summary>Waits until every intent queued so far is stored or set aside (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (Depth > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        meter.ObserveWriteQueue(() => Depth);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await storeService.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var delay = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
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
            try
            {
                await _signal.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Last chance for what is queued: a graceful stop loses nothing the store takes now.
        if (storeService.Ready.IsCompleted)
        {
            await DrainAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    /// <summary>Writes everything pending; false (with the failed intents back in the queue) when the store fails.</summary>
    private async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        while (TakeChunk() is { } chunk)
        {
            try
            {
                await store.ApplyAsync([.. chunk.SelectMany(static c => c.Intents)], cancellationToken);
                Stored();
                Done(chunk.Count);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _lastError, error);
                if (!store.RefusesForItsData(error))
                {
                    Requeue(chunk);
                    return false;
                }
                if (!await ApplyOneByOneAsync(chunk, cancellationToken))
                {
                    return false;
                }
            }
            catch (OperationCanceledException)
            {
                Requeue(chunk);
                throw;
            }
        }
        return true;
    }

    /// <summary>
    /// The store refused the chunk for its data: one problem at a time, setting aside the one it
    /// refuses alone. False (the rest back in the queue) when the store fails otherwise meanwhile.
    /// </summary>
    private async Task<bool> ApplyOneByOneAsync(List<(string Fingerprint, List<AlertIntent> Intents)> chunk, CancellationToken cancellationToken)
    {
        for (var i = 0; i < chunk.Count; i++)
        {
            var (fingerprint, intents) = chunk[i];
            try
            {
                await store.ApplyAsync(intents, cancellationToken);
                Stored();
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && store.RefusesForItsData(error))
            {
                log.AlertWriteSetAside(error, fingerprint, intents.Count);
                meter.WriteSetAside();
                lock (_lock)
                {
                    _setAsideTotal++;
                    _setAside.Enqueue($"{fingerprint}: {error.Message}");
                    while (_setAside.Count > SetAsideKept)
                    {
                        _setAside.Dequeue();
                    }
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _lastError, error);
                Requeue(chunk[i..]);
                return false;
            }
            Done(1);
        }
        return true;
    }

    // What a transaction changed is published by the store's commit (IAlertStoreCallback); the queue only learns that the store is back.
    private void Stored() => Volatile.Write(ref _lastError, null);

    private void Done(int fingerprints)
    {
        lock (_lock)
        {
            _inFlight -= fingerprints;
        }
    }

    /// <summary>The next transaction's problems, oldest first; null when nothing is pending.</summary>
    private List<(string Fingerprint, List<AlertIntent> Intents)>? TakeChunk()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                _order.Clear();
                return null;
            }
            var chunk = new List<(string, List<AlertIntent>)>(Math.Min(_pending.Count, FingerprintsPerTransaction));
            while (chunk.Count < FingerprintsPerTransaction && _order.TryDequeue(out var fingerprint))
            {
                if (_pending.Remove(fingerprint, out var intents))
                {
                    chunk.Add((fingerprint, intents));
                }
            }
            _inFlight += chunk.Count;
            return chunk;
        }
    }

    /// <summary>Puts failed intents back in front of anything queued meanwhile for the same problem.</summary>
    private void Requeue(List<(string Fingerprint, List<AlertIntent> Intents)> failed)
    {
        lock (_lock)
        {
            _inFlight -= failed.Count;
            foreach (var (fingerprint, intents) in failed)
            {
                if (_pending.Remove(fingerprint, out var newer))
                {
                    foreach (var intent in newer)
                    {
                        Append(intents, intent);
                    }
                }
                else
                {
                    _order.Enqueue(fingerprint);
                }
                _pending[fingerprint] = intents;
            }
        }
    }

    /// <summary>
    /// Adds an intent, merging it into the last one when they are of a kind. A problem that fires
    /// and clears again and again while the store is away keeps at most breach, close, breach:
    /// two incidents within one outage are stored as one (their counts summed).
    /// </summary>
    internal static void Append(List<AlertIntent> intents, AlertIntent intent)
    {
        switch (intents.Count > 0 ? intents[^1] : null, intent)
        {
            case (BreachIntent last, BreachIntent breach):
                intents[^1] = last.Merge(breach);
                return;
            case (CloseIntent, CloseIntent):
                // The first close decides; a second one finds nothing open.
                return;
        }
        intents.Add(intent);
        if (intents.Count <= 3)
        {
            return;
        }
        if (intents[^1] is CloseIntent)
        {
            // ..., B1, C1, B2, C2 -> ..., B1+B2, C2
            intents[^4] = ((BreachIntent)intents[^4]).Merge((BreachIntent)intents[^2]);
            intents.RemoveRange(intents.Count - 3, 2);
        }
        else
        {
            // ..., C1, B1, C2, B2 -> ..., C1, B1+B2
            intents[^3] = ((BreachIntent)intents[^3]).Merge((BreachIntent)intents[^1]);
            intents.RemoveRange(intents.Count - 2, 2);
        }
    }
}
