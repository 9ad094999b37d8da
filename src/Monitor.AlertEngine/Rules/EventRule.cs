using System.Globalization;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A rule on one span (a module slower than X, a resource of quality below Y). Its alert is
/// scoped to the pipeline and stage, carries the latest breaching span's module and resource ids,
/// and resolves once no span has breached for <see cref="ClearAfter"/>.
/// </summary>
internal sealed class EventRule(BuiltInRule definition, ThresholdOptions options)
{
    /// <summary>Quiet time after which an event alert resolves.</summary>
    public static readonly TimeSpan ClearAfter = TimeSpan.FromMinutes(5);

    private readonly Threshold _threshold = Threshold.From(options, definition.Operator);

    public string Name => definition.Name;

    public RuleBreach? Evaluate(in PipelineSpan span, DateTimeOffset now)
    {
        if (definition.Event!(span) is not { } observed || !double.IsFinite(observed) || _threshold.SeverityOf(observed) is not { } severity)
        {
            return null;
        }
        var scope = new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = span.Job, ["stage"] = span.Stage.ToName() };
        var subject = span.ResourceId is { } resource ? $"resource {resource}" : span.ModuleId is { } module ? $"module {module}" : "a span";
        var unit = definition.Unit;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{Name.Replace('_', ' ')}: {subject} of {span.Job} at {observed:0.###}{unit}, {definition.Operator.Words()} the {AlertWire.Name(severity)} threshold {_threshold.LimitOf(severity):0.###}{unit}");
        return new RuleBreach(Name, Fingerprint.Of(Name, scope), scope, severity, observed, _threshold.Warning, _threshold.Critical,
            message, now, span);
    }
}
