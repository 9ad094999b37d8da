using Microsoft.Extensions.Options;

namespace Monitor.Web.Realtime;

/// <summary>The hub's limits, each error naming its key.</summary>
internal sealed class ValidateMonitorHubOptions : IValidateOptions<MonitorHubOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitorHubOptions options)
    {
        var errors = new List<string>();
        if (!double.IsFinite(options.CallsPerSecond) || options.CallsPerSecond is < 1 or > 10_000)
        {
            errors.Add($"Hub:CallsPerSecond must be between 1 and 10000 (was {options.CallsPerSecond}).");
        }
        if (options.CallBurst is < 1 or > 100_000)
        {
            errors.Add($"Hub:CallBurst must be between 1 and 100000 (was {options.CallBurst}).");
        }
        if (options.SnapshotsPerMinute is < 1 or > 1000)
        {
            errors.Add($"Hub:SnapshotsPerMinute must be between 1 and 1000 (was {options.SnapshotsPerMinute}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
