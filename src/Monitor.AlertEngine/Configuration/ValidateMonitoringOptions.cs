using System.Globalization;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Rules;

namespace Monitor.AlertEngine.Configuration;

/// <summary>Collects every error of the Monitoring section, each naming the key to fix.</summary>
internal sealed class ValidateMonitoringOptions : IValidateOptions<MonitoringOptions>
{
    private const string S = MonitoringOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        var errors = new List<string>();
        if (options.HealthCheckInterval < TimeSpan.FromSeconds(1) || options.HealthCheckInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:HealthCheckInterval must be between 00:00:01 and 01:00:00 (was {options.HealthCheckInterval}).");
        }
        if (options.MetricsRetentionDays is < 1 or > 3650)
        {
            errors.Add($"{S}:MetricsRetentionDays must be between 1 and 3650 (was {options.MetricsRetentionDays}).");
        }
        if (options.AlertExpiry < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{S}:AlertExpiry must be at least 00:01:00 (was {options.AlertExpiry}).");
        }
        var t = options.AlertThresholds;
        Check(errors, "ErrorRate", t.ErrorRate, Direction.Above, 0, 1);
        Check(errors, "SuccessRate", t.SuccessRate, Direction.Below, 0, 1);
        Check(errors, "AverageProcessingTime", t.AverageProcessingTime, Direction.Above, 0, double.MaxValue);
        Check(errors, "QualityScore", t.QualityScore, Direction.Below, 0, 1);
        Check(errors, "QueueDepth", t.QueueDepth, Direction.Above, 0, double.MaxValue);
        Check(errors, "PipelineInactivity", t.PipelineInactivity, Direction.Above, 1, double.MaxValue);
        Check(errors, "SlowModule", t.SlowModule, Direction.Above, 0, double.MaxValue);
        Check(errors, "LowQualityResource", t.LowQualityResource, Direction.Below, 0, 1);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < t.Custom.Count; i++)
        {
            var rule = t.Custom[i];
            var key = $"{S}:AlertThresholds:Custom:{i.ToString(CultureInfo.InvariantCulture)}";
            if (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name))
            {
                errors.Add($"{key}:Name must be set and unique (was '{rule.Name}').");
            }
            if (string.IsNullOrWhiteSpace(rule.Metric))
            {
                errors.Add($"{key}:Metric must name a metric as /metrics exposes it.");
            }
            if (!CustomRule.IsKnownAggregation(rule.Aggregation))
            {
                errors.Add($"{key}:Aggregation must be last, sum, avg, min, max, rate, p50, p90, p95 or p99 (was '{rule.Aggregation}').");
            }
            if (rule.Operator is not (">" or ">=" or "<" or "<="))
            {
                errors.Add($"{key}:Operator must be >, >=, < or <= (was '{rule.Operator}').");
            }
            if (rule.Window < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{key}:Window must be at least 00:00:01 (was {rule.Window}).");
            }
            var below = rule.Operator.StartsWith('<');
            if (below ? rule.Critical > rule.Warning : rule.Critical < rule.Warning)
            {
                errors.Add($"{key}:Critical must be {(below ? "at or below" : "at or above")} Warning (was {rule.Critical} vs {rule.Warning}).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string rule, ThresholdOptions options, Direction direction, double min, double max)
    {
        var key = $"{S}:AlertThresholds:{rule}";
        if (options.Warning < min || options.Warning > max || options.Critical < min || options.Critical > max)
        {
            errors.Add($"{key}: Warning and Critical must be between {min} and {max} (were {options.Warning} and {options.Critical}).");
        }
        if (direction == Direction.Above ? options.Critical < options.Warning : options.Critical > options.Warning)
        {
            errors.Add($"{key}:Critical must be {(direction == Direction.Above ? "at or above" : "at or below")} Warning (was {options.Critical} vs {options.Warning}).");
        }
        if (options.MinSamples < 0)
        {
            errors.Add($"{key}:MinSamples must not be negative (was {options.MinSamples}).");
        }
        if (options.Hysteresis is < 0 or >= 1)
        {
            errors.Add($"{key}:Hysteresis must be in [0, 1) (was {options.Hysteresis}).");
        }
        if (options.For < TimeSpan.Zero)
        {
            errors.Add($"{key}:For must not be negative (was {options.For}).");
        }
    }
}
