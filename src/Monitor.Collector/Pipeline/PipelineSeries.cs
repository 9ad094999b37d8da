using System.Collections.Concurrent;
using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// The derived Prometheus metrics (docs/architecture.md, "Metric names"), fed one pipeline
/// span at a time. Label sets resolve to a series handle through a tuple key, so the per-span
/// path hashes a few strings and updates with Interlocked; it allocates only for a new series.
/// </summary>
internal sealed class PipelineSeries
{
    public const string Success = "success";
    public const string Error = "error";
    public const string Unknown = "unknown";

    // Seconds. AI stages run from milliseconds (a hook) to minutes (a generation with retries).
    internal static readonly double[] DurationBounds =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>The buckets of pipeline_stage_duration_seconds; the windows' stage p95 counts in the same ones.</summary>
    internal static readonly HistogramBuckets DurationBuckets = new(DurationBounds);

    internal static readonly double[] QualityBounds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];

    private readonly MetricFamily<(string Job, string Status), ValueSeries> _modulesProcessed;
    private readonly MetricFamily<(string Job, string ResourceType, string Status), ValueSeries> _resourcesGenerated;
    private readonly MetricFamily<(string Job, string Stage, string Status), HistogramSeries> _stageDuration;
    private readonly MetricFamily<(string Job, string ResourceType), HistogramSeries> _qualityScore;
    private readonly MetricFamily<(string Job, string Model, string Direction), ValueSeries> _tokens;
    private readonly MetricFamily<string, ValueSeries> _lastActivity;
    private readonly ReportedGauge _modulesActive;
    private readonly ReportedGauge _modulesQueued;
    private readonly ReportedGauge _resourcesInProgress;

    public PipelineSeries(MetricRegistry registry)
    {
        var qualityBuckets = new HistogramBuckets(QualityBounds);
        _modulesProcessed = registry.GetOrAddFamily<(string, string), ValueSeries>(
            "pipeline_modules_processed_total", MetricType.Counter, "Module generation spans, by outcome.",
            k => new ValueSeries(Labels(("job", k.Item1), ("status", k.Item2)), countsFromZero: true), budgeted: false)!;
        _resourcesGenerated = registry.GetOrAddFamily<(string, string, string), ValueSeries>(
            "pipeline_resources_generated_total", MetricType.Counter, "Resource generation spans, by resource type and outcome.",
            k => new ValueSeries(Labels(("job", k.Item1), ("resource_type", k.Item2), ("status", k.Item3)), countsFromZero: true), budgeted: false)!;
        _stageDuration = registry.GetOrAddFamily<(string, string, string), HistogramSeries>(
            "pipeline_stage_duration_seconds", MetricType.Histogram, "Duration of pipeline spans, by stage and outcome.",
            k => new HistogramSeries(Labels(("job", k.Item1), ("stage", k.Item2), ("status", k.Item3)), DurationBuckets), budgeted: false)!;
        _qualityScore = registry.GetOrAddFamily<(string, string), HistogramSeries>(
            "pipeline_quality_score", MetricType.Histogram, "Quality score (0 to 1) of pipeline spans, by resource type.",
            k => new HistogramSeries(Labels(("job", k.Item1), ("resource_type", k.Item2)), qualityBuckets), budgeted: false)!;
        _tokens = registry.GetOrAddFamily<(string, string, string), ValueSeries>(
            "pipeline_gen_ai_tokens_total", MetricType.Counter, "GenAI tokens used by pipeline spans, by model and direction.",
            k => new ValueSeries(Labels(("job", k.Item1), ("model", k.Item2), ("direction", k.Item3)), countsFromZero: true), budgeted: false)!;
        _lastActivity = registry.GetOrAddFamily<string, ValueSeries>(
            "pipeline_last_activity_timestamp_seconds", MetricType.Gauge,
            "When the pipeline last sent telemetry (Unix seconds), while the monitor tracks it: time() minus this is how long it has been silent.",
            job => new ValueSeries(Labels(("job", job))), budgeted: false)!;
        _modulesActive = new ReportedGauge(registry, "pipeline_modules_active", "Modules being generated, as the pipeline reports.");
        _modulesQueued = new ReportedGauge(registry, "pipeline_modules_queued", "Modules waiting to be generated, as the pipeline reports.");
        _resourcesInProgress = new ReportedGauge(registry, "pipeline_resources_in_progress", "Resources being generated, as the pipeline reports.");
    }

    /// <summary>Records one span; returns false when a series it needed was refused by the cardinality cap.</summary>
    public bool Record(in PipelineSpan span)
    {
        var status = span.Failed ? Error : Success;
        var complete = true;
        complete &= Observe(_stageDuration.GetOrAdd((span.Job, span.Stage.ToName(), status)), span.DurationSeconds);
        var resourceType = span.ResourceType ?? Unknown;
        if (span.Stage == PipelineStage.ModuleGeneration)
        {
            complete &= Add(_modulesProcessed.GetOrAdd((span.Job, status)), 1);
        }
        else if (span.Stage == PipelineStage.ResourceGeneration)
        {
            complete &= Add(_resourcesGenerated.GetOrAdd((span.Job, resourceType, status)), 1);
        }
        if (span.QualityScore is { } quality)
        {
            complete &= Observe(_qualityScore.GetOrAdd((span.Job, resourceType)), quality);
        }
        if (span.InputTokens > 0 || span.OutputTokens > 0)
        {
            var model = span.Model ?? Unknown;
            if (span.InputTokens > 0)
            {
                complete &= Add(_tokens.GetOrAdd((span.Job, model, "input")), span.InputTokens);
            }
            if (span.OutputTokens > 0)
            {
                complete &= Add(_tokens.GetOrAdd((span.Job, model, "output")), span.OutputTokens);
            }
        }
        return complete;
    }

    /// <summary>The gauge fed by one of the metrics the pipeline reports itself, or null for any other name.</summary>
    public ReportedGauge? ReportedGaugeFor(string otlpMetricName) => otlpMetricName switch
    {
        PipelineAttributes.ModulesActiveMetric => _modulesActive,
        PipelineAttributes.ModulesQueuedMetric => _modulesQueued,
        PipelineAttributes.ResourcesInProgressMetric => _resourcesInProgress,
        _ => null,
    };

    private static bool Observe(HistogramSeries? series, double value)
    {
        series?.Observe(value);
        return series is not null;
    }

    private static bool Add(ValueSeries? series, double value)
    {
        series?.Add(value);
        return series is not null;
    }

    private static byte[] Labels(params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var pairs = new KeyValuePair<string, string>[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            pairs[i] = new(labels[i].Name, labels[i].Value);
        }
        return PrometheusText.EncodeLabels(pairs);
    }

    /// <summary>Sets when the pipeline last sent telemetry (each snapshot, for as long as it is tracked).</summary>
    public void LastActivity(string job, DateTimeOffset at) => _lastActivity.GetOrAdd(job)?.Set(at.ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>Forgets what the pipeline's instances reported (the pipeline went away); its series expire on their own.</summary>
    public void Forget(string job)
    {
        _modulesActive.Forget(job);
        _modulesQueued.Forget(job);
        _resourcesInProgress.Forget(job);
    }

    /// <summary>
    /// A {job} gauge from a value each instance reports (pipeline.modules.active, ...): the job's
    /// value is the sum of its instances' latest values. Kept per job, at most
    /// <see cref="MaxInstances"/> instances each (a pipeline restarted many times leaves instance
    /// ids behind; those not heard of for <see cref="InstanceTtl"/> are dropped).
    /// </summary>
    internal sealed class ReportedGauge
    {
        public const int MaxInstances = 1_000;
        public static readonly TimeSpan InstanceTtl = TimeSpan.FromMinutes(5);

        private readonly MetricFamily<string, ValueSeries> _family;
        private readonly ConcurrentDictionary<string, Instances> _byJob = new(StringComparer.Ordinal);

        public ReportedGauge(MetricRegistry registry, string name, string help)
        {
            _family = registry.GetOrAddFamily<string, ValueSeries>(name, MetricType.Gauge, help,
                job => new ValueSeries(Labels(("job", job))), budgeted: false)!;
        }

        /// <summary>Sets (or, for a delta sum, adds to) an instance's value; false when a cap refused it.</summary>
        public bool Update(string job, string instance, double value, bool delta)
        {
            var instances = _byJob.GetOrAdd(job, static _ => new Instances());
            if (!instances.Update(instance, value, delta, Environment.TickCount64))
            {
                return false;
            }
            var series = _family.GetOrAdd(job);
            series?.Set(instances.Sum(Environment.TickCount64));
            return series is not null;
        }

        /// <summary>The job's current value, summed over its live instances.</summary>
        public double ValueOf(string job) => _byJob.TryGetValue(job, out var instances) ? instances.Sum(Environment.TickCount64) : 0;

        public void Forget(string job) => _byJob.TryRemove(job, out _);

        private sealed class Instances
        {
            private readonly Lock _lock = new();
            private readonly Dictionary<string, (double Value, long UpdatedTicks)> _values = new(StringComparer.Ordinal);

            public bool Update(string instance, double value, bool delta, long now)
            {
                lock (_lock)
                {
                    if (_values.TryGetValue(instance, out var old))
                    {
                        _values[instance] = (delta ? old.Value + value : value, now);
                        return true;
                    }
                    if (_values.Count >= MaxInstances)
                    {
                        DropStale(now);
                        if (_values.Count >= MaxInstances)
                        {
                            return false;
                        }
                    }
                    _values[instance] = (value, now);
                    return true;
                }
            }

            public double Sum(long now)
            {
                lock (_lock)
                {
                    DropStale(now);
                    double total = 0;
                    foreach (var (value, _) in _values.Values)
                    {
                        total += value;
                    }
                    return total;
                }
            }

            private void DropStale(long now)
            {
                var oldest = now - (long)InstanceTtl.TotalMilliseconds;
                foreach (var (instance, entry) in _values)
                {
                    if (entry.UpdatedTicks < oldest)
                    {
                        _values.Remove(instance);
                    }
                }
            }
        }
    }
}
