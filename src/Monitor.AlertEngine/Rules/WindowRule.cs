using System.Globalization;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A built-in rule on a pipeline's snapshot (the window aggregates). Each observation is a value
/// for a scope; the threshold turns it into a breach, a clear, or nothing. Owned by the evaluation loop.
/// </summary>
internal sealed class WindowRule(BuiltInRule definition, ThresholdOptions options)
{
    private readonly Threshold _threshold = Threshold.From(options, definition.Operator);
    private readonly List<Observation> _observations = [];
    private readonly FingerprintCache _fingerprints = new(definition.Name);

    public string Name => definition.Name;

    public Threshold Threshold => _threshold;

    /// <summary>Evaluates the rule on <paramref name="snapshot"/>; clears go to <paramref name="clears"/>.</summary>
    public void Evaluate(PipelineSnapshot snapshot, DateTimeOffset now, List<RuleBreach> breaches, List<string> clears)
    {
        _observations.Clear();
        definition.Window!(snapshot, now, options, _observations);
        foreach (var observation in _observations)
        {
            if (observation.Value is not { } value)
            {
                continue;
            }
            var fingerprint = _fingerprints.Of(observation, now);
            var decision = _threshold.Decide(fingerprint, value, now);
            if (decision.Severity is { } severity)
            {
                var scope = observation.Scope();
                breaches.Add(new RuleBreach(Name, fingerprint, scope, severity, value, _threshold.Warning, _threshold.Critical,
                    Describe(scope, value, severity), now));
            }
            else if (decision.ClearsAlert)
            {
                clears.Add(fingerprint);
            }
        }
    }

    /// <summary>Forgets the state of scopes not observed since <paramref name="before"/>.</summary>
    public void Prune(DateTimeOffset before)
    {
        _threshold.Prune(before);
        _fingerprints.Prune(before);
    }

    private string Describe(IReadOnlyDictionary<string, string> scope, double value, AlertSeverity severity)
    {
        var where = string.Join(", ", scope.Select(l => $"{l.Key}={l.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name.Replace('_', ' ')} {value:0.###}{definition.Unit} is {definition.Operator.Words()} the {AlertWire.Name(severity)} threshold {_threshold.LimitOf(severity):0.###}{definition.Unit} ({where})");
    }
}
