using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Runs;

/// <summary>
/// Tells runs apart in the span stream and ends them (docs/instrumenting.md, "Runs"): a run is
/// the spans with one <c>pipeline.run.id</c>, or a <c>pipeline run</c> root span with the stage
/// spans of its trace. It ends with its root span, or after <see cref="RunsOptions.IdleTimeout"/>
/// without a span (abandoned). Ended runs feed <see cref="RunSeries"/> and the run checks.
/// A span feed reader of its own (the aggregator knows nothing of runs), swept every
/// <see cref="SweepEvery"/>, read by the API and the run checks: one lock, taken per batch only
/// once runs were seen.
/// </summary>
internal sealed class RunTracker(IPipelineFeed feed, RunSeries series, IOptions<RunsOptions> options, IOptions<CollectorOptions> collector,
    CollectorMeter meter, TimeProvider time) : BackgroundService, IRunFeed
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    // A pipeline that sent no run for this long is forgotten (a weekly run is remembered between runs).
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(8);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PipelineRuns> _pipelines = new(StringComparer.Ordinal);
    private readonly Feed<RunEnded> _ended = new();
    private volatile bool _anyRuns;
    private FeedSubscription<PipelineSpanBatch>? _spans;

    /// <summary>Runs that end from now on; a reader that falls behind by more than <paramref name="capacity"/> loses the oldest.</summary>
    public FeedSubscription<RunEnded> SubscribeEnded(int capacity = 1024) => _ended.Subscribe(capacity);

    /// <summary>Subscribes before Kestrel starts (ExecuteAsync runs later, on the thread pool).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _spans = feed.SubscribeSpans();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var spans = _spans!;
        using var timer = new PeriodicTimer(SweepEvery, time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        try
        {
            while (true)
            {
                var batch = spans.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(batch, tick) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }
                    Sweep();
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    continue;
                }
                if (!await batch)
                {
                    return;
                }
                while (spans.Reader.TryRead(out var next))
                {
                    Observe(next);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes the runs' part of one batch: stage spans with a run id, and root spans.</summary>
    public void Observe(PipelineSpanBatch batch)
    {
        if (!_anyRuns && batch.Roots.Length == 0 && !MayBelongToARun(batch.Spans))
        {
            return;
        }
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _anyRuns = true;
            foreach (ref readonly var span in batch.Spans.AsSpan())
            {
                if (span.RunId is not null)
                {
                    ObserveStage(span, now);
                }
                else if (span.HasParent && PipelineOf(span.Job, now) is { } pipeline)
                {
                    // Perhaps a child of a root span that will end a run: kept by trace until then.
                    if (pipeline.Traces.Observe(span, now))
                    {
                        Untrack("traces");
                    }
                }
            }
            foreach (var root in batch.Roots)
            {
                ObserveRoot(root, now);
            }
        }
    }

    /// <summary>Ends the runs that went quiet (abandoned) and keeps the run series of known pipelines on /metrics.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        var idle = options.Value.IdleTimeout;
        lock (_lock)
        {
            foreach (var (job, pipeline) in _pipelines)
            {
                foreach (var run in pipeline.Active.Values.Where(r => now - r.LastSpanAt >= idle).ToList())
                {
                    End(pipeline, run, RunOutcome.Abandoned, run.LastSpanEnd, now);
                }
                pipeline.Traces.Prune(now - idle);
                if (pipeline.Active.Count == 0 && now - pipeline.LastSeen > ForgetAfter)
                {
                    // Its series are no longer kept current: they expire with the series TTL.
                    _pipelines.Remove(job);
                    continue;
                }
                series.KeepCurrent(job, pipeline.Active.Count);
            }
        }
    }

    /// <summary>The pipeline's active runs, then its ended ones, newest first.</summary>
    public IReadOnlyList<PipelineRun> RunsOf(string job)
    {
        lock (_lock)
        {
            if (!_pipelines.TryGetValue(job, out var pipeline))
            {
                return [];
            }
            return [.. pipeline.Active.Values.OrderByDescending(r => r.StartedAt).Select(r => r.ToRun(null, null)), .. pipeline.Recent.Reverse()];
        }
    }

    /// <summary>Every active run of every pipeline (for the stuck check).</summary>
    public IReadOnlyList<PipelineRun> ActiveRuns()
    {
        lock (_lock)
        {
            return [.. _pipelines.Values.SelectMany(p => p.Active.Values).Select(r => r.ToRun(null, null))];
        }
    }

    /// <summary>When each pipeline's latest run started, as far as this process saw.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastStarts()
    {
        lock (_lock)
        {
            return _pipelines.Where(p => p.Value.LastStart is not null).ToDictionary(p => p.Key, p => p.Value.LastStart!.Value, StringComparer.Ordinal);
        }
    }

    private static bool MayBelongToARun(PipelineSpan[] spans)
    {
        foreach (ref readonly var span in spans.AsSpan())
        {
            if (span.RunId is not null || span.HasParent)
            {
                return true;
            }
        }
        return false;
    }

    private void ObserveStage(in PipelineSpan span, DateTimeOffset now)
    {
        if (PipelineOf(span.Job, now) is not { } pipeline || pipeline.RecentlyEnded(span.RunId!))
        {
            return;
        }
        if (!pipeline.Active.TryGetValue(span.RunId!, out var run))
        {
            if (pipeline.Active.Count >= options.Value.MaxActiveRunsPerPipeline)
            {
                Untrack("runs_per_pipeline");
                return;
            }
            run = new ActiveRun(span.Job, span.RunId!, span.TraceId, span.StartTime);
            pipeline.Active.Add(run.RunId, run);
            pipeline.Started(run.StartedAt);
            series.Active(span.Job, pipeline.Active.Count);
        }
        run.Add(span, now);
    }

    private void ObserveRoot(in RunRootSpan root, DateTimeOffset now)
    {
        if (PipelineOf(root.Job, now) is not { } pipeline || pipeline.RecentlyEnded(root.Key))
        {
            return;
        }
        if (!pipeline.Active.TryGetValue(root.Key, out var run))
        {
            run = new ActiveRun(root.Job, root.Key, root.TraceId, root.StartTime);
            pipeline.Active.Add(run.RunId, run);
            pipeline.Started(run.StartedAt);
        }
        // Its stage spans without a run id came first, as children in its trace.
        pipeline.Traces.MoveInto(root.TraceId, run);
        run.TraceId = root.TraceId;
        run.RootSpanId = root.SpanId;
        run.Failed |= root.Failed;
        if (root.StartTime < run.StartedAt)
        {
            run.StartedAt = root.StartTime;
        }
        End(pipeline, run, run.Failed ? RunOutcome.Failed : RunOutcome.Succeeded, root.EndTime, now);
    }

    private PipelineRuns? PipelineOf(string job, DateTimeOffset now)
    {
        if (!_pipelines.TryGetValue(job, out var pipeline))
        {
            // Admitted pipelines are bounded by Collector:MaxPipelines; so are the ones with runs.
            if (_pipelines.Count >= collector.Value.MaxPipelines)
            {
                Untrack("pipelines");
                return null;
            }
            pipeline = new PipelineRuns(options.Value.RecentRuns);
            _pipelines.Add(job, pipeline);
        }
        pipeline.LastSeen = now;
        return pipeline;
    }

    private void End(PipelineRuns pipeline, ActiveRun active, RunOutcome outcome, DateTimeOffset endedAt, DateTimeOffset now)
    {
        pipeline.Active.Remove(active.RunId);
        var run = active.ToRun(outcome, endedAt);
        var earlier = pipeline.Recent.Where(r => r.Outcome == RunOutcome.Succeeded).Select(r => r.Duration).ToList();
        pipeline.ConsecutiveFailures = outcome == RunOutcome.Succeeded ? 0 : pipeline.ConsecutiveFailures + 1;
        pipeline.Remember(run);
        pipeline.LastSeen = now;
        series.Ended(run);
        series.Active(run.Job, pipeline.Active.Count);
        _ended.Publish(new RunEnded(run, pipeline.ConsecutiveFailures, earlier));
    }

    private void Untrack(string cap)
    {
        meter.RunUntracked(cap);
    }

    /// <summary>One pipeline's runs: the active ones, the last ended ones, the failure streak.</summary>
    private sealed class PipelineRuns(int recentRuns)
    {
        private readonly Queue<PipelineRun> _recent = new();

        public Dictionary<string, ActiveRun> Active { get; } = new(StringComparer.Ordinal);

        public IEnumerable<PipelineRun> Recent => _recent;

        public TraceStages Traces { get; } = new();

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public DateTimeOffset? LastStart { get; private set; }

        public void Started(DateTimeOffset at)
        {
            if (LastStart is null || at > LastStart)
            {
                LastStart = at;
            }
        }

        /// <summary>Whether the run already ended (a late span of it is not a new run).</summary>
        public bool RecentlyEnded(string runId)
        {
            // Per span of a run: a plain loop, no closure (the queue's enumerator is a struct).
            foreach (var run in _recent)
            {
                if (run.RunId == runId)
                {
                    return true;
                }
            }
            return false;
        }

        public void Remember(PipelineRun run)
        {
            _recent.Enqueue(run);
            while (_recent.Count > recentRuns)
            {
                _recent.Dequeue();
            }
        }
    }

    /// <summary>A run in progress; changed only under the tracker's lock.</summary>
    private sealed class ActiveRun(string job, string runId, TraceId traceId, DateTimeOffset startedAt)
    {
        private int _stages;

        public string Job { get; } = job;

        public string RunId { get; } = runId;

        public TraceId TraceId { get; set; } = traceId;

        public DateTimeOffset StartedAt { get; set; } = startedAt;

        public DateTimeOffset LastSpanAt { get; private set; }

        public DateTimeOffset LastSpanEnd { get; private set; } = startedAt;

        public bool Failed { get; set; }

        public SpanId? RootSpanId { get; set; }

        public void Add(in PipelineSpan span, DateTimeOffset now)
        {
            _stages |= 1 << (int)span.Stage;
            Failed |= span.Failed;
            LastSpanAt = now;
            if (span.StartTime < StartedAt)
            {
                StartedAt = span.StartTime;
            }
            if (span.EndTime > LastSpanEnd)
            {
                LastSpanEnd = span.EndTime;
            }
        }

        public void AddStages(int stages, bool failed, DateTimeOffset lastSpanAt)
        {
            _stages |= stages;
            Failed |= failed;
            if (lastSpanAt > LastSpanAt)
            {
                LastSpanAt = lastSpanAt;
            }
        }

        public PipelineRun ToRun(RunOutcome? outcome, DateTimeOffset? endedAt) => new(
            Job, RunId, TraceId.ToHexString(), StartedAt, endedAt, LastSpanAt,
            [.. Enum.GetValues<PipelineStage>().Where(stage => (_stages & (1 << (int)stage)) != 0)], outcome, RootSpanId?.ToHexString());
    }

    /// <summary>
    /// The stages seen per trace among a pipeline's child spans without a run id, for the root
    /// span that may end the trace's run; bounded (the oldest traces go first) and pruned after
    /// the idle timeout.
    /// </summary>
    private sealed class TraceStages
    {
        private const int MaxTraces = 256;

        private readonly Dictionary<TraceId, (int Stages, bool Failed, DateTimeOffset LastSpanAt)> _traces = [];
        private readonly Queue<TraceId> _order = new();

        /// <summary>Keeps the span's stage by its trace; true when the oldest trace had to go to make room.</summary>
        public bool Observe(in PipelineSpan span, DateTimeOffset now)
        {
            var evicted = false;
            if (!_traces.TryGetValue(span.TraceId, out var trace))
            {
                if (_traces.Count >= MaxTraces && _order.TryDequeue(out var oldest))
                {
                    evicted = _traces.Remove(oldest);
                }
                _order.Enqueue(span.TraceId);
            }
            _traces[span.TraceId] = (trace.Stages | (1 << (int)span.Stage), trace.Failed || span.Failed, now);
            return evicted;
        }

        /// <summary>Moves the trace's stages (if any were seen) into <paramref name="run"/>.</summary>
        public void MoveInto(TraceId traceId, ActiveRun run)
        {
            if (_traces.Remove(traceId, out var trace))
            {
                run.AddStages(trace.Stages, trace.Failed, trace.LastSpanAt);
            }
        }

        public void Prune(DateTimeOffset before)
        {
            while (_order.TryPeek(out var oldest) && (!_traces.TryGetValue(oldest, out var trace) || trace.LastSpanAt < before))
            {
                _order.Dequeue();
                _traces.Remove(oldest);
            }
        }
    }
}
