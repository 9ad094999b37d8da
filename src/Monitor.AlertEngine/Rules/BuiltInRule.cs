using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A built-in rule as the catalogue defines it: its name (the alert type), its configuration key
/// under <c>Monitoring:AlertThresholds</c>, how it compares, the range its thresholds may take,
/// and what it observes: a pipeline's window (<see cref="Window"/>) or one span (<see cref="Event"/>).
/// </summary>
internal sealed record BuiltInRule(
    string Name,
    string ConfigKey,
    ThresholdOperator Operator,
    double Min,
    double Max,
    string Unit,
    string Summary,
    Func<AlertThresholds, ThresholdOptions> Settings,
    Action<PipelineSnapshot, DateTimeOffset, ThresholdOptions, List<Observation>>? Window = null,
    Func<PipelineSpan, double?>? Event = null)
{
    public bool IsEventRule => Event is not null;
}
