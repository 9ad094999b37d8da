using System.Globalization;
using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A rule on one span (a module slower than X, a resource of quality below Y). Its alert is
/// scoped to the pipeline and stage, carries the latest breaching span's module and resource ids,
/// and resolves once no span has breached for <see cref="ClearAfter"/>.
/// </summary>
internal sealed class EventRule(string name, ThresholdOptions options, Direction direction, string unit,
    Func<PipelineSpan, double?> value)
{
    /// <summary>Quiet time after which an event alert resolves.</summary>
    public static readonly TimeSpan ClearAfter = TimeSpan.FromMinutes(5);

    private readonly Threshold _threshold = Threshold.From(options, direction);

    public string Name => name;

    public RuleBreach? Evaluate(in PipelineSpan span, DateTimeOffset now)
    {
        if (value(span) is not { } observed || _threshold.SeverityOf(observed) is not { } severity)
        {
            return null;
        }
        var scope = new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = span.Job, ["stage"] = span.Stage.ToName() };
        var limit = severity == Model.AlertSeverity.Critical ? _threshold.Critical : _threshold.Warning;
        var subject = span.ResourceId is { } resource ? $"resource {resource}" : span.ModuleId is { } module ? $"module {module}" : "a span";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{name.Replace('_', ' ')}: {subject} of {span.Job} at {observed:0.###}{unit}, {severity} threshold {limit:0.###}{unit}");
        return new RuleBreach(name, Fingerprint.Of(name, scope), scope, severity, observed, _threshold.Warning, _threshold.Critical,
            message, now, span);
    }
}
