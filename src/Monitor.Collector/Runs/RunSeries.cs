using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Runs;

/// <summary>
/// The run metrics on /metrics (docs/metrics.md, "Runs"): runs by outcome, their duration, when
/// the last one of each outcome ended, the active ones. Kept current while the pipeline is known,
/// so a nightly run's series do not expire between two runs.
/// </summary>
internal sealed class RunSeries
{
    // Seconds: a run takes from a minute to hours.
    internal static readonly double[] DurationBounds = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400];

    private static readonly RunOutcome[] Outcomes = Enum.GetValues<RunOutcome>();

    private readonly MetricFamily<(string Job, RunOutcome Outcome), ValueSeries> _total;
    private readonly MetricFamily<(string Job, RunOutcome Outcome), HistogramSeries> _duration;
    private readonly MetricFamily<(string Job, RunOutcome Outcome), ValueSeries> _last;
    private readonly MetricFamily<string, ValueSeries> _active;

    public RunSeries(MetricRegistry registry)
    {
        var buckets = new HistogramBuckets(DurationBounds);
        _total = registry.GetOrAddFamily<(string, RunOutcome), ValueSeries>(
            "pipeline_runs_total", MetricType.Counter, "Pipeline runs that ended, by outcome (succeeded, failed, abandoned).",
            k => new ValueSeries(Labels(k.Item1, k.Item2), countsFromZero: true), budgeted: false)!;
        _duration = registry.GetOrAddFamily<(string, RunOutcome), HistogramSeries>(
            "pipeline_run_duration_seconds", MetricType.Histogram, "Duration of ended pipeline runs, from first span start to root span end (or last span, abandoned).",
            k => new HistogramSeries(Labels(k.Item1, k.Item2), buckets), budgeted: false)!;
        _last = registry.GetOrAddFamily<(string, RunOutcome), ValueSeries>(
            "pipeline_run_last_timestamp_seconds", MetricType.Gauge, "When the pipeline's last run of each outcome ended (Unix seconds): time() minus the succeeded one is the time since the last good run.",
            k => new ValueSeries(Labels(k.Item1, k.Item2)), budgeted: false)!;
        _active = registry.GetOrAddFamily<string, ValueSeries>(
            "pipeline_runs_active", MetricType.Gauge, "Runs of the pipeline in progress (started, not ended).",
            job => new ValueSeries(PrometheusText.EncodeLabels([new("job", job)])), budgeted: false)!;
    }

    public void Ended(PipelineRun run)
    {
        var key = (run.Job, run.Outcome!.Value);
        _total.GetOrAdd(key)?.Add(1);
        _duration.GetOrAdd(key)?.Observe(Math.Max(0, run.Duration.TotalSeconds));
        _last.GetOrAdd(key)?.Set((run.EndedAt ?? run.LastSpanAt).ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Active(string job, int count) => _active.GetOrAdd(job)?.Set(count);

    /// <summary>Keeps the pipeline's run series that exist from expiring; sets its active count.</summary>
    public void KeepCurrent(string job, int active)
    {
        Active(job, active);
        foreach (var outcome in Outcomes)
        {
            if (_total.TryGet((job, outcome)) is { } total)
            {
                total.KeepCurrent();
                _duration.TryGet((job, outcome))?.KeepCurrent();
                _last.TryGet((job, outcome))?.KeepCurrent();
            }
        }
    }

    private static byte[] Labels(string job, RunOutcome outcome) =>
        PrometheusText.EncodeLabels([new("job", job), new("outcome", outcome.ToName())]);
}
