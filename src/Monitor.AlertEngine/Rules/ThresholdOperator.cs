namespace Monitor.AlertEngine.Rules;

/// <summary>How a value is compared with a threshold; each operator means exactly what it says.</summary>
internal enum ThresholdOperator
{
    /// <summary><c>&gt;</c>: breaches strictly above the threshold.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>: breaches at or above (the built-in "higher is worse" rules).</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c>: breaches strictly below the threshold.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>: breaches at or below (the built-in "lower is worse" rules).</summary>
    LessThanOrEqual,
}

internal static class ThresholdOperators
{
    /// <summary>The operators as configuration writes them.</summary>
    public static readonly IReadOnlyList<string> Symbols = [">", ">=", "<", "<="];

    public static bool TryParse(string? symbol, out ThresholdOperator op)
    {
        (var known, op) = symbol switch
        {
            ">" => (true, ThresholdOperator.GreaterThan),
            ">=" => (true, ThresholdOperator.GreaterThanOrEqual),
            "<" => (true, ThresholdOperator.LessThan),
            "<=" => (true, ThresholdOperator.LessThanOrEqual),
            _ => (false, default),
        };
        return known;
    }

    public static string Symbol(this ThresholdOperator op) => op switch
    {
        ThresholdOperator.GreaterThan => ">",
        ThresholdOperator.GreaterThanOrEqual => ">=",
        ThresholdOperator.LessThan => "<",
        _ => "<=",
    };

    /// <summary>True when a higher value is the worse one.</summary>
    public static bool HigherIsWorse(this ThresholdOperator op) => op is ThresholdOperator.GreaterThan or ThresholdOperator.GreaterThanOrEqual;

    /// <summary>Whether <paramref name="value"/> is on the bad side of <paramref name="limit"/>.</summary>
    public static bool Holds(this ThresholdOperator op, double value, double limit) => op switch
    {
        ThresholdOperator.GreaterThan => value > limit,
        ThresholdOperator.GreaterThanOrEqual => value >= limit,
        ThresholdOperator.LessThan => value < limit,
        _ => value <= limit,
    };

    /// <summary>How a message says where the value stands.</summary>
    public static string Words(this ThresholdOperator op) => op switch
    {
        ThresholdOperator.GreaterThan => "above",
        ThresholdOperator.GreaterThanOrEqual => "at or above",
        ThresholdOperator.LessThan => "below",
        _ => "at or below",
    };
}
