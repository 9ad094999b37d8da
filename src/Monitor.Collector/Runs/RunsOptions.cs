namespace Monitor.Collector.Runs;

/// <summary>How runs are told apart and ended, bound from the <c>Runs</c> section (the run checks' own settings are the alert engine's).</summary>
public sealed class RunsOptions
{
    public const string SectionName = "Runs";

    /// <summary>A run with no span for this long, and no root span, has ended: abandoned.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Ended runs kept per pipeline (the console's list, the "slower than usual" baseline).</summary>
    public int RecentRuns { get; set; } = 20;

    /// <summary>Runs of one pipeline tracked at once; a span of a further run is still a stage span, only its run is not tracked (counted).</summary>
    public int MaxActiveRunsPerPipeline { get; set; } = 100;
}
