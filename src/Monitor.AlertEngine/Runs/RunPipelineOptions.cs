namespace Monitor.AlertEngine.Runs;

/// <summary>One pipeline's own run limits; an unset one takes the section's.</summary>
public sealed class RunPipelineOptions
{
    public string[]? RequiredStages { get; set; }

    public TimeSpan? StuckAfter { get; set; }

    public TimeSpan? MaxDuration { get; set; }
}
