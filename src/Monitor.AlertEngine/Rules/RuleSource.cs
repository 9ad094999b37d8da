using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// The monitoring configuration in force and the rules built from it. Follows the Monitoring
/// section through <see cref="IOptionsMonitor{TOptions}"/>, whose factory keeps the last good
/// value when a reload is refused (<see cref="LastGoodOptionsFactory{TOptions}"/>): a refused or
/// unchanged reload keeps the current rules, and their state (breach start times), as they are.
/// </summary>
internal sealed class RuleSource : IDisposable
{
    private readonly AlertLog _log;
    private readonly IDisposable? _subscription;
    private RuleSet _current;
    private string _currentJson;

    public RuleSource(IOptionsMonitor<MonitoringOptions> options, AlertLog log)
    {
        _log = log;
        _current = new RuleSet(options.CurrentValue);
        _currentJson = JsonSerializer.Serialize(options.CurrentValue);
        _subscription = options.OnChange(Apply);
    }

    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>The monitoring configuration in force (the last good one).</summary>
    public MonitoringOptions Options => Current.Options;

    private void Apply(MonitoringOptions options)
    {
        var json = JsonSerializer.Serialize(options);
        if (json == Volatile.Read(ref _currentJson))
        {
            return;
        }
        var rules = new RuleSet(options);
        Volatile.Write(ref _current, rules);
        Volatile.Write(ref _currentJson, json);
        _log.Reloaded(rules.WindowRules.Count, rules.EventRules.Count, rules.Custom.Count);
    }

    public void Dispose() => _subscription?.Dispose();
}
