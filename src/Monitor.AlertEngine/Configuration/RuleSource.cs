using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// The rules in force. Start-up validation is the options' (ValidateOnStart stops the host with
/// the key to fix); on each configuration reload the Monitoring section is bound and validated
/// again: a valid one replaces the rules, a bad one is refused and logged and the old rules stay.
/// </summary>
internal sealed class RuleSource : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IValidateOptions<MonitoringOptions> _validator;
    private readonly AlertLog _log;
    private readonly IDisposable _subscription;
    private RuleSet _current;

    public RuleSource(IOptions<MonitoringOptions> options, IConfiguration configuration, IValidateOptions<MonitoringOptions> validator, AlertLog log)
    {
        _configuration = configuration;
        _validator = validator;
        _log = log;
        _current = new RuleSet(options.Value);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload());
    }

    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>Binds and validates the Monitoring section now; returns the errors when refused.</summary>
    public IReadOnlyList<string> Reload()
    {
        var options = new MonitoringOptions();
        try
        {
            _configuration.GetSection(MonitoringOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException error)
        {
            _log.ReloadRefused(error.Message);
            return [error.Message];
        }
        var result = _validator.Validate(null, options);
        if (result.Failed)
        {
            var errors = result.Failures?.ToList() ?? [result.FailureMessage];
            _log.ReloadRefused(string.Join(" ", errors));
            return errors;
        }
        var rules = new RuleSet(options);
        Volatile.Write(ref _current, rules);
        _log.Reloaded(rules.WindowRules.Count, rules.EventRules.Count, rules.Custom.Count);
        return [];
    }

    public void Dispose() => _subscription.Dispose();
}
