using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// Collects every error of the Monitoring section, each naming the key to fix. Every number must
/// be finite and in its range, and warning / critical must be ordered the way the rule compares:
/// a threshold that can never breach or an alert that can never clear is refused.
/// </summary>
internal sealed partial class ValidateMonitoringOptions : IValidateOptions<MonitoringOptions>
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
        var thresholds = options.AlertThresholds ?? new AlertThresholds();
        foreach (var rule in RuleCatalogue.BuiltIn)
        {
            var key = $"{S}:AlertThresholds:{rule.ConfigKey}";
            var settings = rule.Settings(thresholds);
            if (settings is null)
            {
                errors.Add($"{key} must not be null.");
                continue;
            }
            CheckThresholds(errors, key, settings.Warning, settings.Critical, rule.Operator, rule.Min, rule.Max);
            CheckTiming(errors, key, settings.For, settings.Hysteresis);
            if (settings.MinSamples < 0)
            {
                errors.Add($"{key}:MinSamples must not be negative (was {settings.MinSamples}).");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < thresholds.Custom.Count; i++)
        {
            CheckCustom(errors, $"{S}:AlertThresholds:Custom:{i.ToString(CultureInfo.InvariantCulture)}", thresholds.Custom[i], names);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckCustom(List<string> errors, string key, CustomRuleOptions rule, HashSet<string> names)
    {
        // The name becomes the alert type, a Prometheus label value and Alertmanager's alertname.
        if (string.IsNullOrWhiteSpace(rule.Name) || !RuleName().IsMatch(rule.Name) || !names.Add(rule.Name) || RuleCatalogue.IsBuiltIn(rule.Name))
        {
            errors.Add($"{key}:Name must be unique, not a built-in rule's name, and match [a-zA-Z_][a-zA-Z0-9_]{{0,63}} (was '{rule.Name}').");
        }
        if (string.IsNullOrWhiteSpace(rule.Metric) || rule.Metric.Length > 200)
        {
            errors.Add($"{key}:Metric must name a metric as /metrics exposes it.");
        }
        if (!CustomRule.IsKnownAggregation(rule.Aggregation))
        {
            errors.Add($"{key}:Aggregation must be last, sum, avg, min, max, rate, p50, p90, p95 or p99 (was '{rule.Aggregation}').");
        }
        if (rule.Window < TimeSpan.FromSeconds(1) || rule.Window > TimeSpan.FromHours(24))
        {
            errors.Add($"{key}:Window must be between 00:00:01 and 1.00:00:00 (was {rule.Window}).");
        }
        if (!ThresholdOperators.TryParse(rule.Operator, out var op))
        {
            errors.Add($"{key}:Operator must be one of {string.Join(", ", ThresholdOperators.Symbols)} (was '{rule.Operator}').");
        }
        else
        {
            CheckThresholds(errors, key, rule.Warning, rule.Critical, op, double.MinValue, double.MaxValue);
        }
        CheckTiming(errors, key, rule.For, rule.Hysteresis);
        if (rule.Message is { Length: > 500 })
        {
            errors.Add($"{key}:Message must be at most 500 characters.");
        }
    }

    private static void CheckThresholds(List<string> errors, string key, double warning, double critical, ThresholdOperator op, double min, double max)
    {
        if (!double.IsFinite(warning) || warning < min || warning > max)
        {
            errors.Add($"{key}:Warning must be a finite number between {min} and {max} (was {warning}).");
        }
        if (!double.IsFinite(critical) || critical < min || critical > max)
        {
            errors.Add($"{key}:Critical must be a finite number between {min} and {max} (was {critical}).");
        }
        if (op.HigherIsWorse() ? critical < warning : critical > warning)
        {
            errors.Add($"{key}:Critical must be {(op.HigherIsWorse() ? "at or above" : "at or below")} Warning (was {critical} vs {warning}).");
        }
    }

    private static void CheckTiming(List<string> errors, string key, TimeSpan @for, double hysteresis)
    {
        if (@for < TimeSpan.Zero || @for > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:For must be between 00:00:00 and 1.00:00:00 (was {@for}).");
        }
        // A band of the whole threshold or more would never let the alert clear.
        if (!double.IsFinite(hysteresis) || hysteresis is < 0 or >= 1)
        {
            errors.Add($"{key}:Hysteresis must be in [0, 1) (was {hysteresis}).");
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,63}$")]
    private static partial Regex RuleName();
}
