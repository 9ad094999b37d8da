using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Runs;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Evaluation;

/// <summary>
/// The one loop that evaluates rules, and so the only owner of their state (the alert flow's
/// "threshold check", docs/architecture.md). Two inputs drive it: span batches as they arrive (event rules on each span
/// at once; the window rules of the pipelines they touched, at most every <see cref="Coalesce"/>)
/// and the snapshot tick (every window rule, the custom rules, expiry). A rule that throws is
/// logged and counted in monitor_rule_errors_total{rule}; the other rules go on.
/// </summary>
internal sealed class AlertEvaluator(
    IPipelineFeed feed,
    IRunFeed runs,
    IOptionsMonitor<RunChecksOptions> runOptions,
    ISharedRunStarts runStarts,
    ISeriesReader series,
    RuleSource rules,
    BreachThrottle manager,
    AlertMeter meter,
    AlertLog log,
    TimeProvider time) : BackgroundService
{
    /// <summary>
    /// Window rules of one pipeline run at most this often while its spans arrive. The first batch
    /// after a quiet spell (a new pipeline's first, say) is evaluated at once; one pipeline's steady
    /// stream does not delay another's first batch.
    /// </summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    private static readonly long CoalesceTicks = (long)(Coalesce.TotalSeconds * Stopwatch.Frequency);

    // A scope (pipeline, resource type) not observed for this long is forgotten by the rules.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RuleErrorLogEvery = TimeSpan.FromMinutes(1);

    // The loop's own state: nothing else reads or writes it.
    private readonly HashSet<string> _dirtyJobs = new(StringComparer.Ordinal);
    private readonly List<string> _evaluatedJobs = [];
    private readonly Dictionary<string, long> _windowEvaluatedAt = new(StringComparer.Ordinal);
    private readonly List<RuleBreach> _breaches = [];
    private readonly List<string> _clears = [];
    private readonly Dictionary<string, DateTimeOffset> _ruleErrorLogged = new(StringComparer.Ordinal);
    private long _oldestDirtyArrival;
    private long _nextWindowEvaluation;
    private DateTimeOffset _lastPrune;
    private FeedSubscription<PipelineSpanBatch>? _spans;
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _snapshots;
    private FeedSubscription<RunEnded>? _endedRuns;
    private readonly RunChecks _runChecks = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private (RunChecksOptions Options, IReadOnlyDictionary<string, Schedule> Schedules)? _schedules;

    /// <summary>
    /// Subscribes before the host goes on to start Kestrel: since .NET 10, ExecuteAsync runs on the
    /// thread pool, so a subscription made there could miss the first spans after start-up.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _spans = feed.SubscribeSpans();
        _snapshots = feed.SubscribeSnapshots();
        _endedRuns = runs.SubscribeEnded();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var spans = _spans!;
        using var snapshots = _snapshots!;
        using var endedRuns = _endedRuns!;
        Task<bool>? spansWaiting = null;
        Task<bool>? snapshotsWaiting = null;
        Task<bool>? runsWaiting = null;
        Task? coalescing = null;
        try
        {
            var never = Task.Delay(Timeout.Infinite, stoppingToken);
            while (true)
            {
                var ruleSet = rules.Current;
                while (spans.Reader.TryRead(out var batch))
                {
                    OnSpans(ruleSet, batch);
                }
                if (_dirtyJobs.Count > 0 && Stopwatch.GetTimestamp() >= _nextWindowEvaluation)
                {
                    EvaluateDirtyPipelines(ruleSet);
                }
                IReadOnlyList<PipelineSnapshot>? latest = null;
                while (snapshots.Reader.TryRead(out var tick))
                {
                    latest = tick;
                }
                while (endedRuns.Reader.TryRead(out var ended))
                {
                    OnRunEnded(ended);
                }
                if (latest is not null)
                {
                    OnTick(ruleSet, latest);
                }

                // Wait for the next input; a pending wait is kept, not made again, so waiting costs nothing per turn.
                spansWaiting ??= spans.Reader.WaitToReadAsync(stoppingToken).AsTask();
                snapshotsWaiting ??= snapshots.Reader.WaitToReadAsync(stoppingToken).AsTask();
                runsWaiting ??= endedRuns.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (_dirtyJobs.Count > 0 && coalescing is null)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextWindowEvaluation);
                    coalescing = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
                }
                var woke = await Task.WhenAny(spansWaiting, snapshotsWaiting, runsWaiting, coalescing ?? never);
                if (woke == spansWaiting)
                {
                    var open = await spansWaiting;
                    spansWaiting = null;
                    if (!open)
                    {
                        return;
                    }
                }
                else if (woke == runsWaiting)
                {
                    var open = await runsWaiting;
                    runsWaiting = null;
                    if (!open)
                    {
                        return;
                    }
                }
                else if (woke == snapshotsWaiting)
                {
                    var open = await snapshotsWaiting;
                    snapshotsWaiting = null;
                    if (!open)
                    {
                        return;
                    }
                }
                else
                {
                    coalescing = null;
                    await woke;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnSpans(RuleSet ruleSet, PipelineSpanBatch batch)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        foreach (var rule in ruleSet.EventRules)
        {
            try
            {
                foreach (ref readonly var span in batch.Spans.AsSpan())
                {
                    if (rule.Evaluate(span, now) is { } breach)
                    {
                        _breaches.Add(breach);
                    }
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RuleFailed(rule.Name, error, now);
            }
        }
        if (_breaches.Count > 0)
        {
            meter.Hop("evaluated", Stopwatch.GetElapsedTime(batch.ReceivedTimestamp));
        }
        Hand(batch.ReceivedTimestamp);
        foreach (ref readonly var span in batch.Spans.AsSpan())
        {
            if (_dirtyJobs.Add(span.Job))
            {
                var due = _windowEvaluatedAt.TryGetValue(span.Job, out var last) ? last + CoalesceTicks : 0;
                _nextWindowEvaluation = _dirtyJobs.Count == 1 ? due : Math.Min(_nextWindowEvaluation, due);
            }
        }
        if (_oldestDirtyArrival == 0 && batch.Spans.Length > 0)
        {
            _oldestDirtyArrival = batch.ReceivedTimestamp;
        }
        meter.Evaluated(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Window rules of the pipelines that received spans and whose last such evaluation is at least
    /// <see cref="Coalesce"/> old; the others stay dirty until theirs is due.
    /// </summary>
    private void EvaluateDirtyPipelines(RuleSet ruleSet)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var nextDue = long.MaxValue;
        foreach (var job in _dirtyJobs)
        {
            if (_windowEvaluatedAt.TryGetValue(job, out var last) && started - last < CoalesceTicks)
            {
                nextDue = Math.Min(nextDue, last + CoalesceTicks);
                continue;
            }
            _windowEvaluatedAt[job] = started;
            _evaluatedJobs.Add(job);
            if (feed.SnapshotOf(job) is { } snapshot)
            {
                EvaluateWindowRules(ruleSet, snapshot, now);
            }
        }
        foreach (var job in _evaluatedJobs)
        {
            _dirtyJobs.Remove(job);
        }
        _evaluatedJobs.Clear();
        if (_breaches.Count > 0)
        {
            meter.Hop("evaluated", Stopwatch.GetElapsedTime(_oldestDirtyArrival));
        }
        Hand(_oldestDirtyArrival);
        if (_dirtyJobs.Count == 0)
        {
            _oldestDirtyArrival = 0;
        }
        _nextWindowEvaluation = nextDue == long.MaxValue ? 0 : nextDue;
        meter.Evaluated(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Every window rule on every pipeline, the custom rules, expiry: once per snapshot interval.</summary>
    private void OnTick(RuleSet ruleSet, IReadOnlyList<PipelineSnapshot> snapshots)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        foreach (var snapshot in snapshots)
        {
            EvaluateWindowRules(ruleSet, snapshot, now);
        }
        foreach (var rule in ruleSet.Custom)
        {
            try
            {
                rule.Evaluate(series, now, _breaches, _clears);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RuleFailed(rule.Name, error, now);
            }
        }
        try
        {
            var options = runOptions.CurrentValue;
            var (starts, since) = LastRunStarts();
            _runChecks.OnTick(runs.ActiveRuns(), starts, since, SchedulesOf(options), options, now, _breaches, _clears);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            RuleFailed(RuleCatalogue.RunStuck, error, now);
        }
        Hand(0);
        manager.Sweep(ruleSet.Options.AlertExpiry);
        if (now - _lastPrune >= PruneEvery)
        {
            _lastPrune = now;
            ruleSet.Prune(now - ForgetAfter);
            // An evaluation older than Coalesce is as good as none: what is left is bounded by the pipelines active in the last 50 ms.
            var stale = Stopwatch.GetTimestamp() - CoalesceTicks;
            foreach (var (job, at) in _windowEvaluatedAt)
            {
                if (at < stale)
                {
                    _windowEvaluatedAt.Remove(job);
                }
            }
        }
        meter.Evaluated(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The run checks on a run that just ended.</summary>
    private void OnRunEnded(RunEnded ended)
    {
        var now = time.GetUtcNow();
        try
        {
            RunChecks.OnEnded(ended, runOptions.CurrentValue, now, _breaches, _clears);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            RuleFailed(RuleCatalogue.RunFailed, error, now);
        }
        Hand(0);
    }

    /// <summary>Run starts this replica saw and the store holds (the later of each), and since when they were watched.</summary>
    private (IReadOnlyDictionary<string, DateTimeOffset> Starts, DateTimeOffset Since) LastRunStarts()
    {
        var own = runs.LastStarts();
        if (runStarts.Latest is not { } stored)
        {
            return (own, _started);
        }
        var merged = new Dictionary<string, DateTimeOffset>(stored.LastStarts, StringComparer.Ordinal);
        foreach (var (job, started) in own)
        {
            if (!merged.TryGetValue(job, out var known) || started > known)
            {
                merged[job] = started;
            }
        }
        return (merged, stored.TrackingSince < _started ? stored.TrackingSince : _started);
    }

    /// <summary>The schedules parsed once per options instance (a reload makes a new one).</summary>
    private IReadOnlyDictionary<string, Schedule> SchedulesOf(RunChecksOptions options)
    {
        if (_schedules is not { } cached || !ReferenceEquals(cached.Options, options))
        {
            var parsed = new Dictionary<string, Schedule>(StringComparer.Ordinal);
            foreach (var (job, schedule) in options.Schedules)
            {
                if (Schedule.TryParse(schedule, out var value, out _))
                {
                    parsed[job] = value!;
                }
            }
            _schedules = cached = (options, parsed);
        }
        return cached.Schedules;
    }

    private void EvaluateWindowRules(RuleSet ruleSet, PipelineSnapshot snapshot, DateTimeOffset now)
    {
        foreach (var rule in ruleSet.WindowRules)
        {
            try
            {
                rule.Evaluate(snapshot, now, _breaches, _clears);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RuleFailed(rule.Name, error, now);
            }
        }
    }

    /// <summary>Hands what the rules found to the lifecycle; a failure there is logged and the loop goes on.</summary>
    private void Hand(long arrival)
    {
        try
        {
            manager.Apply(_breaches, _clears, arrival);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.EvaluationFailed(error);
        }
        finally
        {
            _breaches.Clear();
            _clears.Clear();
        }
    }

    private void RuleFailed(string rule, Exception error, DateTimeOffset now)
    {
        meter.RuleError(rule);
        if (!_ruleErrorLogged.TryGetValue(rule, out var logged) || now - logged >= RuleErrorLogEvery)
        {
            _ruleErrorLogged[rule] = now;
            log.RuleFailed(error, rule);
        }
    }
}
