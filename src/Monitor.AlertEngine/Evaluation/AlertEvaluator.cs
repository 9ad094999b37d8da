using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;

namespace Monitor.AlertEngine.Evaluation;

/// <summary>
/// Evaluates the rules as the data arrives (seed diagram 6, "threshold check"): event rules on
/// each span of each batch at once; window rules on the pipelines a batch touched, at most every
/// <see cref="Coalesce"/>; every rule, the expiry sweep and custom rules on each snapshot tick.
/// </summary>
internal sealed class AlertEvaluator(
    IPipelineFeed feed,
    ISeriesReader series,
    RuleSource rules,
    AlertManager manager,
    IAlertStore store,
    AlertMeter meter,
    AlertLog log,
    TimeProvider time) : BackgroundService
{
    /// <summary>Window rules of one pipeline run at most this often while its spans arrive.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _storeReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _dirtyLock = new();
    private readonly SemaphoreSlim _dirtySignal = new(0, 1);
    private HashSet<string> _dirtyJobs = new(StringComparer.Ordinal);
    private long _oldestDirtyArrival;

    /// <summary>Completes once the store is migrated and the open alerts are loaded.</summary>
    public Task StoreReady => _storeReady.Task;

    private FeedSubscription<PipelineSpanBatch>? _spans;
    private FeedSubscription<IReadOnlyList<Collector.Pipeline.Model.PipelineSnapshot>>? _snapshots;

    /// <summary>
    /// Subscribes before the host goes on to start Kestrel: since .NET 10, ExecuteAsync runs on the
    /// thread pool, so a subscription made there could miss the first spans after start-up.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _spans = feed.SubscribeSpans();
        _snapshots = feed.SubscribeSnapshots();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var spans = _spans!;
        var snapshots = _snapshots!;
        return Task.WhenAll(
            PrepareStoreAsync(stoppingToken),
            EvaluateSpansAsync(spans, stoppingToken),
            EvaluateDirtyPipelinesAsync(stoppingToken),
            EvaluateSnapshotsAsync(snapshots, stoppingToken));
    }

    private async Task PrepareStoreAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await store.MigrateAsync(cancellationToken);
                var open = await store.GetOpenAsync(cancellationToken);
                manager.Load(open);
                log.StoreReady(store.Provider, open.Count);
                _storeReady.TrySetResult();
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                log.StoreNotReady(error, store.Provider);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task EvaluateSpansAsync(FeedSubscription<PipelineSpanBatch> subscription, CancellationToken cancellationToken)
    {
        using var _ = subscription;
        var breaches = new List<RuleBreach>();
        try
        {
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                var ruleSet = rules.Current;
                while (subscription.Reader.TryRead(out var batch))
                {
                    var started = Stopwatch.GetTimestamp();
                    var now = time.GetUtcNow();
                    foreach (var span in batch.Spans)
                    {
                        foreach (var rule in ruleSet.EventRules)
                        {
                            if (rule.Evaluate(span, now) is { } breach)
                            {
                                breaches.Add(breach);
                            }
                        }
                    }
                    if (breaches.Count > 0)
                    {
                        meter.Hop("evaluated", Stopwatch.GetElapsedTime(batch.ReceivedTimestamp));
                        Apply(breaches, [], batch.ReceivedTimestamp);
                        breaches.Clear();
                    }
                    MarkDirty(batch);
                    meter.Evaluated(Stopwatch.GetElapsedTime(started));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void MarkDirty(PipelineSpanBatch batch)
    {
        lock (_dirtyLock)
        {
            foreach (var span in batch.Spans)
            {
                _dirtyJobs.Add(span.Job);
            }
            if (_oldestDirtyArrival == 0)
            {
                _oldestDirtyArrival = batch.ReceivedTimestamp;
                _dirtySignal.Release();
            }
        }
    }

    /// <summary>Window rules of the pipelines that received spans, at most once per <see cref="Coalesce"/>.</summary>
    private async Task EvaluateDirtyPipelinesAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _dirtySignal.WaitAsync(cancellationToken);
                HashSet<string> jobs;
                long arrival;
                lock (_dirtyLock)
                {
                    (jobs, arrival) = (_dirtyJobs, _oldestDirtyArrival);
                    _dirtyJobs = new HashSet<string>(StringComparer.Ordinal);
                    _oldestDirtyArrival = 0;
                }
                var started = Stopwatch.GetTimestamp();
                EvaluateWindowRules(rules.Current, jobs.Select(feed.SnapshotOf).OfType<Collector.Pipeline.Model.PipelineSnapshot>(), arrival);
                meter.Evaluated(Stopwatch.GetElapsedTime(started));
                await Task.Delay(Coalesce, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task EvaluateSnapshotsAsync(FeedSubscription<IReadOnlyList<Collector.Pipeline.Model.PipelineSnapshot>> subscription,
        CancellationToken cancellationToken)
    {
        using var _ = subscription;
        var lastRetention = DateTimeOffset.MinValue;
        try
        {
            await foreach (var snapshots in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                var started = Stopwatch.GetTimestamp();
                var ruleSet = rules.Current;
                EvaluateWindowRules(ruleSet, snapshots, 0);
                var breaches = new List<RuleBreach>();
                var clears = new List<string>();
                var now = time.GetUtcNow();
                foreach (var rule in ruleSet.Custom)
                {
                    rule.Evaluate(series, now, breaches, clears);
                }
                Apply(breaches, clears, 0);
                manager.Sweep(ruleSet.Options.AlertExpiry, ruleSet.IsEventRule);
                meter.Evaluated(Stopwatch.GetElapsedTime(started));
                if (now - lastRetention >= RetentionEvery && StoreReady.IsCompleted)
                {
                    lastRetention = now;
                    await DeleteOldAlertsAsync(ruleSet.Options.MetricsRetentionDays, now, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void EvaluateWindowRules(RuleSet ruleSet, IEnumerable<Collector.Pipeline.Model.PipelineSnapshot> snapshots, long arrival)
    {
        var breaches = new List<RuleBreach>();
        var clears = new List<string>();
        var now = time.GetUtcNow();
        foreach (var snapshot in snapshots)
        {
            foreach (var rule in ruleSet.WindowRules)
            {
                rule.Evaluate(snapshot, now, breaches, clears);
            }
        }
        if (arrival != 0 && breaches.Count > 0)
        {
            meter.Hop("evaluated", Stopwatch.GetElapsedTime(arrival));
        }
        Apply(breaches, clears, arrival);
    }

    private void Apply(List<RuleBreach> breaches, List<string> clears, long arrival)
    {
        try
        {
            manager.Apply(breaches, clears, arrival);
        }
        catch (Exception error)
        {
            log.EvaluationFailed(error);
        }
    }

    private async Task DeleteOldAlertsAsync(int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await store.DeleteClosedBeforeAsync(now.AddDays(-days), cancellationToken);
            if (deleted > 0)
            {
                log.RetentionDeleted(deleted, days);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The store is away: the next hour tries again; the outbox reports the outage.
            log.EvaluationFailed(error);
        }
    }
}
