using Microsoft.Extensions.Options;

namespace Monitor.Collector.Runs;

/// <summary>Refuses run settings that cannot work, at start-up, naming the key.</summary>
internal sealed class ValidateRunsOptions : IValidateOptions<RunsOptions>
{
    public ValidateOptionsResult Validate(string? name, RunsOptions options)
    {
        var failures = new List<string>();
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Runs:IdleTimeout must be positive (was {options.IdleTimeout}).");
        }
        if (options.RecentRuns is < 1 or > 1_000)
        {
            failures.Add($"Runs:RecentRuns must be between 1 and 1000 (was {options.RecentRuns}).");
        }
        if (options.MaxActiveRunsPerPipeline is < 1 or > 100_000)
        {
            failures.Add($"Runs:MaxActiveRunsPerPipeline must be between 1 and 100000 (was {options.MaxActiveRunsPerPipeline}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
