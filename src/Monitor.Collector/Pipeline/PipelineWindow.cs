using Monitor.Collector.Pipeline.Model;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// One pipeline's sliding window (the seed's Performance Tracker state): a ring of one-second
/// buckets plus totals since start. Guarded by its own lock; the aggregator holds it per batch.
/// </summary>
internal sealed class PipelineWindow
{
    private readonly Bucket[] _buckets;
    private readonly Dictionary<string, long> _resourcesByType = new(StringComparer.Ordinal);
    private long _modulesProcessed;
    private long _resourcesGenerated;
    private DateTimeOffset? _runningSince;

    public PipelineWindow(string job, TimeSpan window)
    {
        Job = job;
        _buckets = new Bucket[Math.Max(1, (int)Math.Ceiling(window.TotalSeconds))];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    public string Job { get; }

    public Lock Sync { get; } = new();

    public DateTimeOffset? LastActivity { get; private set; }

    /// <summary>Adds a span that arrived at <paramref name="now"/>. Call under <see cref="Sync"/>.</summary>
    public void Record(in PipelineSpan span, DateTimeOffset now)
    {
        var bucket = BucketAt(now);
        bucket.Spans++;
        bucket.DurationSum += span.DurationSeconds;
        if (span.Failed)
        {
            bucket.Failed++;
        }
        ref var stage = ref bucket.Stages[(int)span.Stage];
        stage.Count++;
        stage.DurationSum += span.DurationSeconds;
        stage.DurationMax = Math.Max(stage.DurationMax, span.DurationSeconds);
        if (span.Failed)
        {
            stage.Failed++;
        }
        bucket.StageDurations[StageDurations.IndexOf(span.Stage, span.DurationSeconds)]++;
        if (span.Stage == PipelineStage.ModuleGeneration)
        {
            _modulesProcessed++;
        }
        else if (span.Stage == PipelineStage.ResourceGeneration)
        {
            _resourcesGenerated++;
            var type = span.ResourceType ?? PipelineSeries.Unknown;
            _resourcesByType[type] = _resourcesByType.GetValueOrDefault(type) + 1;
        }
        if (span.QualityScore is { } quality)
        {
            var type = span.ResourceType ?? PipelineSeries.Unknown;
            var (sum, count) = bucket.Quality.GetValueOrDefault(type);
            bucket.Quality[type] = (sum + quality, count + 1);
        }
        MarkActive(now);
    }

    /// <summary>Notes telemetry other than spans (reported metrics) as activity.</summary>
    public void MarkActive(DateTimeOffset now)
    {
        LastActivity = now;
        _runningSince ??= now;
    }

    /// <summary>The window's figures at <paramref name="now"/>. Call under <see cref="Sync"/>.</summary>
    public (PipelineMetrics Metrics, PipelineStatus Status) Snapshot(DateTimeOffset now, TimeSpan window,
        PipelineSeries series)
    {
        var nowSecond = now.ToUnixTimeSeconds();
        long spans = 0, failed = 0;
        double durationSum = 0;
        Span<StageTotals> stages = stackalloc StageTotals[4];
        Span<int> durations = stackalloc int[StageDurations.Length];
        durations.Clear();
        var quality = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
        foreach (var bucket in _buckets)
        {
            if (nowSecond - bucket.Second >= _buckets.Length || bucket.Second > nowSecond)
            {
                continue;
            }
            spans += bucket.Spans;
            failed += bucket.Failed;
            durationSum += bucket.DurationSum;
            for (var i = 0; i < stages.Length; i++)
            {
                stages[i].Count += bucket.Stages[i].Count;
                stages[i].Failed += bucket.Stages[i].Failed;
                stages[i].DurationSum += bucket.Stages[i].DurationSum;
                stages[i].DurationMax = Math.Max(stages[i].DurationMax, bucket.Stages[i].DurationMax);
            }
            for (var i = 0; i < durations.Length; i++)
            {
                durations[i] += bucket.StageDurations[i];
            }
            foreach (var (type, (sum, count)) in bucket.Quality)
            {
                var (s, c) = quality.GetValueOrDefault(type);
                quality[type] = (s + sum, c + count);
            }
        }
        var performance = new Dictionary<string, StagePerformance>(4, StringComparer.Ordinal);
        for (var i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            performance[((PipelineStage)i).ToName()] = new StagePerformance(
                stage.Count,
                stage.Failed,
                Ratio(stage.Failed, stage.Count),
                stage.Count == 0 ? 0 : stage.DurationSum / stage.Count * 1000,
                stage.DurationMax * 1000,
                StageDurations.Quantile(0.95, durations.Slice(StageDurations.Offset((PipelineStage)i), StageDurations.PerStage), stage.DurationMax) * 1000);
        }
        var metrics = new PipelineMetrics(
            Job,
            _modulesProcessed,
            _resourcesGenerated,
            spans == 0 ? 0 : durationSum / spans * 1000,
            Ratio(spans - failed, spans),
            Ratio(failed, spans),
            spans,
            new Dictionary<string, long>(_resourcesByType, StringComparer.Ordinal),
            quality.ToDictionary(q => q.Key, q => q.Value.Sum / q.Value.Count, StringComparer.Ordinal),
            performance);

        var running = LastActivity is { } last && now - last <= window;
        if (!running)
        {
            _runningSince = null;
        }
        var status = new PipelineStatus(
            Job,
            running,
            (long)series.ReportedGaugeFor(PipelineAttributes.ModulesActiveMetric)!.ValueOf(Job),
            (long)series.ReportedGaugeFor(PipelineAttributes.ModulesQueuedMetric)!.ValueOf(Job),
            (long)series.ReportedGaugeFor(PipelineAttributes.ResourcesInProgressMetric)!.ValueOf(Job),
            LastActivity,
            _runningSince is { } since ? (long)(now - since).TotalSeconds : 0);
        return (metrics, status);
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private Bucket BucketAt(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var bucket = _buckets[(int)(second % _buckets.Length)];
        if (bucket.Second != second)
        {
            bucket.Reset(second);
        }
        return bucket;
    }

    private struct StageTotals
    {
        public long Count;
        public long Failed;
        public double DurationSum;
        public double DurationMax;
    }

    private sealed class Bucket
    {
        public long Second = -1;
        public long Spans;
        public long Failed;
        public double DurationSum;
        public StageTotals[] Stages = new StageTotals[4];
        public int[] StageDurations = new int[Pipeline.StageDurations.Length];
        public Dictionary<string, (double Sum, long Count)> Quality = new(StringComparer.Ordinal);

        public void Reset(long second)
        {
            Second = second;
            Spans = 0;
            Failed = 0;
            DurationSum = 0;
            Array.Clear(Stages);
            Array.Clear(StageDurations);
            Quality.Clear();
        }
    }
}
