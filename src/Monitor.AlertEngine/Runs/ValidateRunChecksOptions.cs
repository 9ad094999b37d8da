using Microsoft.Extensions.Options;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Runs;

/// <summary>Refuses run checks that cannot work, at start-up and on reload, naming the key.</summary>
internal sealed class ValidateRunChecksOptions : IValidateOptions<RunChecksOptions>
{
    public ValidateOptionsResult Validate(string? name, RunChecksOptions options)
    {
        var failures = new List<string>();
        Positive(failures, "Runs:StuckAfter", options.StuckAfter);
        if (options.MaxDuration is { } max)
        {
            Positive(failures, "Runs:MaxDuration", max);
        }
        Stages(failures, "Runs:RequiredStages", options.RequiredStages);
        if (options.FailingAfter is < 1 or > 1_000)
        {
            failures.Add($"Runs:FailingAfter must be between 1 and 1000 (was {options.FailingAfter}).");
        }
        if (!(options.SlowerFactor > 1) || double.IsInfinity(options.SlowerFactor))
        {
            failures.Add($"Runs:SlowerFactor must be a number above 1 (was {options.SlowerFactor}).");
        }
        if (options.SlowerBaselineRuns is < 1 or > 1_000)
        {
            failures.Add($"Runs:SlowerBaselineRuns must be between 1 and 1000 (was {options.SlowerBaselineRuns}).");
        }
        foreach (var (job, schedule) in options.Schedules)
        {
            var key = $"Runs:Schedules:{job}";
            if (Schedule.TryParse(schedule, out _, out var error) is false)
            {
                failures.Add($"{key}: {error}");
            }
            if (schedule.Grace < TimeSpan.Zero)
            {
                failures.Add($"{key}:Grace must not be negative (was {schedule.Grace}).");
            }
        }
        foreach (var (job, pipeline) in options.Pipelines)
        {
            var key = $"Runs:Pipelines:{job}";
            Stages(failures, $"{key}:RequiredStages", pipeline.RequiredStages);
            if (pipeline.StuckAfter is { } stuck)
            {
                Positive(failures, $"{key}:StuckAfter", stuck);
            }
            if (pipeline.MaxDuration is { } longest)
            {
                Positive(failures, $"{key}:MaxDuration", longest);
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be positive (was {value}).");
        }
    }

    private static void Stages(List<string> failures, string key, string[]? stages)
    {
        foreach (var stage in stages ?? [])
        {
            if (!PipelineStageNames.TryParse(stage, out _))
            {
                failures.Add($"{key}: '{stage}' is not one of module_generation, resource_generation, validation, hooks.");
            }
        }
    }
}
