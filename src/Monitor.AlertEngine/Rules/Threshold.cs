using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// Classifies a value against warning and critical thresholds, with the <c>For</c> delay and the
/// hysteresis band. The state kept per scope is when its current breach started; it belongs to the
/// evaluation loop, the only caller (no lock), and scopes no longer observed are pruned.
/// </summary>
internal sealed class Threshold(double warning, double critical, ThresholdOperator op, TimeSpan @for, double hysteresis)
{
    private readonly Dictionary<string, (DateTimeOffset Since, DateTimeOffset Observed)> _breaching = new(StringComparer.Ordinal);

    public static Threshold From(ThresholdOptions options, ThresholdOperator op) =>
        new(options.Warning, options.Critical, op, options.For, options.Hysteresis);

    public double Warning => warning;

    public double Critical => critical;

    public ThresholdOperator Operator => op;

    /// <summary>Scopes with a breach in progress (bounded by the scopes the rule observes).</summary>
    public int Tracked => _breaching.Count;

    /// <summary>The severity <paramref name="value"/> has, or null when it does not breach.</summary>
    public AlertSeverity? SeverityOf(double value) =>
        op.Holds(value, critical) ? AlertSeverity.Critical : op.Holds(value, warning) ? AlertSeverity.Warning : null;

    /// <summary>
    /// Whether a firing alert may clear: the value is back past the warning threshold by the
    /// hysteresis band (a fraction of the threshold), judged with the rule's own operator.
    /// </summary>
    public bool IsClear(double value)
    {
        var band = Math.Abs(warning) * hysteresis;
        var limit = op.HigherIsWorse() ? warning - band : warning + band;
        return !op.Holds(value, limit);
    }

    public double LimitOf(AlertSeverity severity) => severity == AlertSeverity.Critical ? critical : warning;

    /// <summary>
    /// The decision for one observation of a scope: a severity to fire with, <see cref="Decision.Clear"/>,
    /// or <see cref="Decision.None"/> (no breach yet, still within For, or inside the hysteresis band).
    /// </summary>
    public Decision Decide(string fingerprint, double value, DateTimeOffset now)
    {
        // NaN or an infinity (a pipeline can send them in a gauge) is no evidence either way: it
        // must neither fire nor clear an alert.
        if (!double.IsFinite(value))
        {
            return Decision.None;
        }
        var severity = SeverityOf(value);
        if (severity is null)
        {
            _breaching.Remove(fingerprint);
            return IsClear(value) ? Decision.Clear : Decision.None;
        }
        var since = _breaching.TryGetValue(fingerprint, out var state) ? state.Since : now;
        _breaching[fingerprint] = (since, now);
        return now - since >= @for ? new Decision(severity) : Decision.None;
    }

    /// <summary>Forgets breaches of scopes not observed since <paramref name="before"/> (a pipeline that went away).</summary>
    public void Prune(DateTimeOffset before)
    {
        foreach (var (fingerprint, state) in _breaching)
        {
            if (state.Observed < before)
            {
                _breaching.Remove(fingerprint);
            }
        }
    }

    internal readonly record struct Decision(AlertSeverity? Severity, bool ClearsAlert = false)
    {
        public static Decision None => default;

        public static Decision Clear => new(null, ClearsAlert: true);
    }
}
