using System.Globalization;
using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Prometheus;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// A rule on any series of /metrics (Monitoring:AlertThresholds:Custom): the series of one family
/// that match the label matchers, grouped by <c>job</c>, aggregated, compared with the thresholds.
/// <c>rate</c> and the percentiles look back over the rule's window through samples the rule
/// keeps of its own, one per evaluation.
/// </summary>
internal sealed class CustomRule
{
    private readonly CustomRuleOptions _options;
    private readonly Threshold _threshold;
    // Per job: the samples the rule took over its window (rate and percentiles look back through them).
    private readonly Dictionary<string, Queue<(DateTimeOffset At, double Total, double[]? Buckets)>> _history = new(StringComparer.Ordinal);

    public CustomRule(CustomRuleOptions options)
    {
        _options = options;
        if (!ThresholdOperators.TryParse(options.Operator, out var op))
        {
            throw new ArgumentException($"unknown operator '{options.Operator}'", nameof(options));
        }
        _threshold = Threshold.From(new ThresholdOptions
        {
            Warning = options.Warning,
            Critical = options.Critical,
            For = options.For,
            Hysteresis = options.Hysteresis,
        }, op);
    }

    public string Name => _options.Name;

    public static bool IsKnownAggregation(string aggregation) =>
        aggregation is "last" or "sum" or "avg" or "min" or "max" or "rate" || Quantile(aggregation) is not null;

    public void Evaluate(ISeriesReader reader, DateTimeOffset now, List<RuleBreach> breaches, List<string> clears)
    {
        var byJob = reader.Read(_options.Metric)
            .Where(Matches)
            .GroupBy(s => s.Label("job") ?? string.Empty, StringComparer.Ordinal);
        foreach (var series in byJob)
        {
            var scope = new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = series.Key };
            if (Aggregate(series.Key, [.. series], now) is not { } value)
            {
                continue;
            }
            var fingerprint = Fingerprint.Of(Name, scope);
            var decision = _threshold.Decide(fingerprint, value, now);
            if (decision.Severity is { } severity)
            {
                var message = _options.Message ?? string.Create(CultureInfo.InvariantCulture,
                    $"{Name}: {_options.Aggregation}({_options.Metric}) of {series.Key} is {value:0.###}, {_threshold.Operator.Symbol()} the {Model.AlertWire.Name(severity)} threshold {_threshold.LimitOf(severity):0.###}");
                breaches.Add(new RuleBreach(Name, fingerprint, scope, severity, value, _options.Warning, _options.Critical, message, now));
            }
            else if (decision.ClearsAlert)
            {
                clears.Add(fingerprint);
            }
        }
    }

    /// <summary>Forgets jobs (and their breaches) not seen since <paramref name="before"/>.</summary>
    public void Prune(DateTimeOffset before)
    {
        _threshold.Prune(before);
        foreach (var (job, history) in _history)
        {
            if (history.Count == 0 || history.Last().At < before)
            {
                _history.Remove(job);
            }
        }
    }

    private bool Matches(SeriesSample sample) =>
        _options.Matchers.All(m => string.Equals(sample.Label(m.Key), m.Value, StringComparison.Ordinal));

    private double? Aggregate(string job, SeriesSample[] series, DateTimeOffset now)
    {
        switch (_options.Aggregation)
        {
            case "last":
            case "sum":
                return series.Sum(s => s.Value);
            case "avg":
                return series.Average(s => s.Value);
            case "min":
                return series.Min(s => s.Value);
            case "max":
                return series.Max(s => s.Value);
        }
        var total = series.Sum(s => s.Value);
        var buckets = Quantile(_options.Aggregation) is null ? null : SumBuckets(series);
        var history = Remember(job, series, now, total, buckets);
        var (oldestAt, oldestTotal, oldestBuckets) = history.Peek();
        var elapsed = (now - oldestAt).TotalSeconds;
        if (elapsed <= 0)
        {
            return null;
        }
        if (_options.Aggregation == "rate")
        {
            // A counter reset (monitor or pipeline restart) restarts the increase from zero.
            var increase = total >= oldestTotal ? total - oldestTotal : total;
            return increase / elapsed;
        }
        if (buckets is null || oldestBuckets is null || oldestBuckets.Length != buckets.Length)
        {
            return null;
        }
        var delta = new double[buckets.Length];
        for (var i = 0; i < delta.Length; i++)
        {
            delta[i] = Math.Max(0, buckets[i] - oldestBuckets[i]);
        }
        return HistogramQuantile(Quantile(_options.Aggregation)!.Value, series[0].Histogram!.Bounds, delta);
    }

    private Queue<(DateTimeOffset At, double Total, double[]? Buckets)> Remember(string job, SeriesSample[] series, DateTimeOffset now,
        double total, double[]? buckets)
    {
        if (!_history.TryGetValue(job, out var history))
        {
            _history[job] = history = new Queue<(DateTimeOffset, double, double[]?)>();
            // Series the monitor counted from zero, created within the window: all they hold arrived
            // in the window, so the look-back starts from zero at their creation, not at this first sample.
            var age = series.Max(s => s.Age);
            if (series.All(s => s.CountsFromZero) && age < _options.Window)
            {
                history.Enqueue((now - age - TimeSpan.FromMilliseconds(1), 0, buckets is null ? null : new double[buckets.Length]));
            }
        }
        history.Enqueue((now, total, buckets));
        while (history.Count > 1 && now - history.Peek().At > _options.Window)
        {
            history.Dequeue();
        }
        return history;
    }

    private static double[]? SumBuckets(SeriesSample[] series)
    {
        var first = series.FirstOrDefault(s => s.Histogram is not null)?.Histogram;
        if (first is null)
        {
            return null;
        }
        var sum = new double[first.CumulativeCounts.Length];
        foreach (var histogram in series.Select(s => s.Histogram))
        {
            if (histogram is null || !histogram.Bounds.AsSpan().SequenceEqual(first.Bounds))
            {
                continue;
            }
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += histogram.CumulativeCounts[i];
            }
        }
        return sum;
    }

    /// <summary>Prometheus' histogram_quantile: linear interpolation inside the bucket holding the rank.</summary>
    internal static double? HistogramQuantile(double q, double[] bounds, double[] cumulative)
    {
        var total = cumulative[^1];
        if (total <= 0)
        {
            return null;
        }
        var rank = q * total;
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (cumulative[i] >= rank)
            {
                if (double.IsPositiveInfinity(bounds[i]))
                {
                    return i == 0 ? 0 : bounds[i - 1];
                }
                var lower = i == 0 ? 0 : bounds[i - 1];
                var below = i == 0 ? 0 : cumulative[i - 1];
                var inBucket = cumulative[i] - below;
                return inBucket <= 0 ? bounds[i] : lower + ((bounds[i] - lower) * (rank - below) / inBucket);
            }
        }
        return bounds[^1];
    }

    private static double? Quantile(string aggregation) => aggregation switch
    {
        "p50" => 0.5,
        "p90" => 0.9,
        "p95" => 0.95,
        "p99" => 0.99,
        _ => null,
    };
}
