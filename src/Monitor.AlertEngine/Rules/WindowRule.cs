using System.Globalization;
using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A built-in rule on a pipeline's snapshot (the window aggregates). Each observation is a value
/// for a scope; the threshold turns it into a breach, a clear, or nothing.
/// </summary>
internal sealed class WindowRule(string name, ThresholdOptions options, Direction direction, string unit,
    Func<PipelineSnapshot, DateTimeOffset, IEnumerable<(IReadOnlyDictionary<string, string> Scope, double? Value)>> observe)
{
    private readonly Threshold _threshold = Threshold.From(options, direction);

    public string Name => name;

    /// <summary>Evaluates the rule on <paramref name="snapshot"/>; clears go to <paramref name="clears"/>.</summary>
    public void Evaluate(PipelineSnapshot snapshot, DateTimeOffset now, List<RuleBreach> breaches, List<string> clears)
    {
        foreach (var (scope, value) in observe(snapshot, now))
        {
            if (value is not { } observed)
            {
                // Too little evidence (fewer samples than MinSamples): neither breach nor clear.
                continue;
            }
            var fingerprint = Fingerprint.Of(name, scope);
            var decision = _threshold.Decide(fingerprint, observed, now);
            if (decision.Severity is { } severity)
            {
                breaches.Add(new RuleBreach(name, fingerprint, scope, severity, observed, _threshold.Warning, _threshold.Critical,
                    Describe(scope, observed, severity), now));
            }
            else if (decision.ClearsAlert)
            {
                clears.Add(fingerprint);
            }
        }
    }

    private string Describe(IReadOnlyDictionary<string, string> scope, double value, string severity)
    {
        var limit = severity == Model.AlertSeverity.Critical ? _threshold.Critical : _threshold.Warning;
        var side = direction == Direction.Above ? "at or above" : "at or below";
        var where = string.Join(", ", scope.Select(l => $"{l.Key}={l.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"{name.Replace('_', ' ')} {value:0.###}{unit} is {side} the {severity} threshold {limit:0.###}{unit} ({where})");
    }
}
