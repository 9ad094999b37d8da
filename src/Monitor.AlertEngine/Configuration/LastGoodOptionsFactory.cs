using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// Makes every options value the way the framework does, but once a type has had a good value a
/// reload that fails (validation, an unconvertible value, a configuration file that is no longer
/// valid JSON) does not throw at every reader: the last good value stays in force, the refusal is
/// logged and shown as a health issue, and the next valid reload is taken. At start-up there is no
/// last good value, so a bad configuration still stops the host (ValidateOnStart).
/// </summary>
internal sealed class LastGoodOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations,
    ConfigurationRefusals refusals,
    ConfigurationFiles files) : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _framework = new(setups, postConfigures, validations);

    public TOptions Create(string name)
    {
        var lastGood = refusals.LastGood<TOptions>(name);
        TOptions created;
        try
        {
            created = _framework.Create(name);
        }
        catch (OptionsValidationException error) when (lastGood is not null)
        {
            refusals.Refused<TOptions>(name, [.. error.Failures]);
            return lastGood;
        }
        catch (InvalidOperationException error) when (lastGood is not null)
        {
            // The binder's "Failed to convert configuration value at 'Monitoring:...'" names the key.
            refusals.Refused<TOptions>(name, [error.Message]);
            return lastGood;
        }
        // A file that stopped being valid JSON reloads as empty: its settings would silently fall back to defaults.
        if (lastGood is not null && files.Malformed() is { Count: > 0 } malformed)
        {
            refusals.Refused<TOptions>(name, malformed);
            return lastGood;
        }
        refusals.Accepted(name, created);
        return created;
    }
}
