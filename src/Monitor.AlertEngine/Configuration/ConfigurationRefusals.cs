using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// The last good value of every options type and the reloads that were refused. Shared by the
/// <see cref="LastGoodOptionsFactory{TOptions}"/> instances (one per type) and read by the
/// configuration health check, so a refused reload is visible until a good one replaces it.
/// The logger is resolved when first needed: the logger factory's own options come through this.
/// </summary>
public sealed partial class ConfigurationRefusals(IServiceProvider services)
{
    private ILogger? _logger;
    private readonly ConcurrentDictionary<(Type Type, string Name), object> _lastGood = new();
    private readonly ConcurrentDictionary<(Type Type, string Name), IReadOnlyList<string>> _refused = new();

    /// <summary>The refusals in force: what was wrong with each refused configuration.</summary>
    public IReadOnlyList<string> Current => [.. _refused.Values.SelectMany(static e => e).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    internal TOptions? LastGood<TOptions>(string name) where TOptions : class =>
        _lastGood.TryGetValue((typeof(TOptions), name), out var value) ? (TOptions)value : null;

    internal void Accepted<TOptions>(string name, TOptions options) where TOptions : class
    {
        _lastGood[(typeof(TOptions), name)] = options;
        if (_refused.TryRemove((typeof(TOptions), name), out _))
        {
            ConfigurationRecovered(typeof(TOptions).Name);
        }
    }

    internal void Refused<TOptions>(string name, IReadOnlyList<string> errors)
    {
        var known = _refused.TryGetValue((typeof(TOptions), name), out var previous) && previous.SequenceEqual(errors, StringComparer.Ordinal);
        _refused[(typeof(TOptions), name)] = errors;
        if (!known)
        {
            ConfigurationRefused(typeof(TOptions).Name, string.Join(" ", errors));
        }
    }

    private ILogger Logger => _logger ??= services.GetRequiredService<ILogger<ConfigurationRefusals>>();

    private void ConfigurationRefused(string options, string errors) => LogRefused(Logger, options, errors);

    private void ConfigurationRecovered(string options) => LogRecovered(Logger, options);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Configuration reload refused for {Options}; the last good configuration stays in force: {Errors}")]
    private static partial void LogRefused(ILogger logger, string options, string errors);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Configuration of {Options} valid again; the reloaded values are in force")]
    private static partial void LogRecovered(ILogger logger, string options);
}
