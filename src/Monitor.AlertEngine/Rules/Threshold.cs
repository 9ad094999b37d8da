using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Rules;

/// <summary>Which side of the thresholds is bad.</summary>
internal enum Direction
{
    /// <summary>Values at or above the thresholds breach (error rate, latency).</summary>
    Above,

    /// <summary>Values at or below the thresholds breach (success rate, quality).</summary>
    Below,
}

/// <summary>
/// Classifies a value against warning and critical thresholds, with the <c>For</c> delay and the
/// hysteresis band. The state kept per scope is when the current breach started.
/// </summary>
internal sealed class Threshold(double warning, double critical, Direction direction, TimeSpan @for, double hysteresis)
{
    private readonly Dictionary<string, DateTimeOffset> _breachingSince = new(StringComparer.Ordinal);

    public static Threshold From(ThresholdOptions options, Direction direction) =>
        new(options.Warning, options.Critical, direction, options.For, options.Hysteresis);

    public double Warning => warning;

    public double Critical => critical;

    public Direction Direction => direction;

    /// <summary>The severity <paramref name="value"/> has, or null when it does not breach.</summary>
    public string? SeverityOf(double value) => direction == Direction.Above
        ? value >= critical ? AlertSeverity.Critical : value >= warning ? AlertSeverity.Warning : null
        : value <= critical ? AlertSeverity.Critical : value <= warning ? AlertSeverity.Warning : null;

    /// <summary>Whether a firing alert may clear: the value is back past the warning threshold by the hysteresis band.</summary>
    public bool IsClear(double value) => direction == Direction.Above
        ? value < warning - (Math.Abs(warning) * hysteresis)
        : value > warning + (Math.Abs(warning) * hysteresis);

    /// <summary>
    /// The decision for one observation of a scope: a severity to fire with, <see cref="Decision.Clear"/>,
    /// or <see cref="Decision.None"/> (no breach yet, still within For, or inside the hysteresis band).
    /// </summary>
    public Decision Decide(string fingerprint, double value, DateTimeOffset now)
    {
        var severity = SeverityOf(value);
        if (severity is null)
        {
            _breachingSince.Remove(fingerprint);
            return IsClear(value) ? Decision.Clear : Decision.None;
        }
        if (!_breachingSince.TryGetValue(fingerprint, out var since))
        {
            _breachingSince[fingerprint] = since = now;
        }
        return now - since >= @for ? new Decision(severity) : Decision.None;
    }

    internal readonly record struct Decision(string? Severity, bool ClearsAlert = false)
    {
        public static Decision None => default;

        public static Decision Clear => new(null, ClearsAlert: true);
    }
}
