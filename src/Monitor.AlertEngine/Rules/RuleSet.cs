using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Rules;

/// <summary>The rules built from one validated <see cref="MonitoringOptions"/>; replaced whole on reload.</summary>
internal sealed class RuleSet
{
    public const string ErrorRate = "error_rate";
    public const string SuccessRate = "success_rate";
    public const string AverageProcessingTime = "average_processing_time";
    public const string QualityScore = "quality_score";
    public const string QueueDepth = "queue_depth";
    public const string PipelineInactivity = "pipeline_inactivity";
    public const string SlowModule = "slow_module";
    public const string LowQualityResource = "low_quality_resource";

    public RuleSet(MonitoringOptions options)
    {
        Options = options;
        var t = options.AlertThresholds;
        var window = new List<WindowRule>();
        var events = new List<EventRule>();
        if (options.EnableAlerts)
        {
            Add(window, t.ErrorRate, o => new WindowRule(ErrorRate, o, Direction.Above, "",
                (s, _) => [(Job(s), s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.ErrorRate : null)]));
            Add(window, t.SuccessRate, o => new WindowRule(SuccessRate, o, Direction.Below, "",
                (s, _) => [(Job(s), s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.SuccessRate : null)]));
            Add(window, t.AverageProcessingTime, o => new WindowRule(AverageProcessingTime, o, Direction.Above, " ms",
                (s, _) => [(Job(s), s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.AverageProcessingTime : null)]));
            Add(window, t.QualityScore, o => new WindowRule(QualityScore, o, Direction.Below, "",
                (s, _) => s.Metrics.QualityScores.Select(q => ((IReadOnlyDictionary<string, string>)Scope(s, "resource_type", q.Key), (double?)q.Value))));
            Add(window, t.QueueDepth, o => new WindowRule(QueueDepth, o, Direction.Above, "",
                (s, _) => [(Job(s), s.Status.QueuedModules)]));
            Add(window, t.PipelineInactivity, o => new WindowRule(PipelineInactivity, o, Direction.Above, " s",
                (s, now) => [(Job(s), s.Status.LastActivity is { } last ? (now - last).TotalSeconds : null)]));
            Add(events, t.SlowModule, o => new EventRule(SlowModule, o, Direction.Above, " ms",
                span => span.Stage == PipelineStage.ModuleGeneration ? span.DurationSeconds * 1000 : null));
            Add(events, t.LowQualityResource, o => new EventRule(LowQualityResource, o, Direction.Below, "",
                span => span.QualityScore));
        }
        WindowRules = window;
        EventRules = events;
        Custom = options.EnableAlerts ? [.. t.Custom.Select(c => new CustomRule(c))] : [];
    }

    public MonitoringOptions Options { get; }

    public IReadOnlyList<WindowRule> WindowRules { get; }

    public IReadOnlyList<EventRule> EventRules { get; }

    public IReadOnlyList<CustomRule> Custom { get; }

    public bool IsEventRule(string rule) => EventRules.Any(r => r.Name == rule);

    private static void Add<T>(List<T> rules, ThresholdOptions options, Func<ThresholdOptions, T> create)
    {
        if (options.Enabled)
        {
            rules.Add(create(options));
        }
    }

    private static Dictionary<string, string> Job(Collector.Pipeline.Model.PipelineSnapshot snapshot) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = snapshot.Metrics.Job };

    private static Dictionary<string, string> Scope(Collector.Pipeline.Model.PipelineSnapshot snapshot, string label, string value) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = snapshot.Metrics.Job, [label] = value };
}
