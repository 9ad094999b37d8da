using Monitor.AlertEngine.Configuration;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// The rules built from one validated <see cref="MonitoringOptions"/>, from the
/// <see cref="RuleCatalogue"/> and the custom rules; replaced whole on reload. Its rules keep
/// state (breach start times, look-back samples) and belong to the evaluation loop alone.
/// </summary>
internal sealed class RuleSet
{
    public RuleSet(MonitoringOptions options)
    {
        Options = options;
        var thresholds = options.AlertThresholds;
        var window = new List<WindowRule>();
        var events = new List<EventRule>();
        if (options.EnableAlerts)
        {
            foreach (var definition in RuleCatalogue.BuiltIn)
            {
                var settings = definition.Settings(thresholds);
                if (!settings.Enabled)
                {
                    continue;
                }
                if (definition.IsEventRule)
                {
                    events.Add(new EventRule(definition, settings));
                }
                else
                {
                    window.Add(new WindowRule(definition, settings));
                }
            }
        }
        WindowRules = window;
        EventRules = events;
        Custom = options.EnableAlerts ? [.. thresholds.Custom.Select(c => new CustomRule(c))] : [];
    }

    public MonitoringOptions Options { get; }

    public IReadOnlyList<WindowRule> WindowRules { get; }

    public IReadOnlyList<EventRule> EventRules { get; }

    public IReadOnlyList<CustomRule> Custom { get; }

    /// <summary>Whether alerts of this type come from an event rule (they resolve after a quiet time).</summary>
    public static bool IsEventRule(string rule) => RuleCatalogue.BuiltIn.Any(r => r.Name == rule && r.IsEventRule);

    /// <summary>Forgets the state of scopes not observed since <paramref name="before"/>.</summary>
    public void Prune(DateTimeOffset before)
    {
        foreach (var rule in WindowRules)
        {
            rule.Prune(before);
        }
        foreach (var rule in Custom)
        {
            rule.Prune(before);
        }
    }
}
