namespace Monitor.Collector.Runs;

/// <summary>How a run ended (label <c>outcome</c> of the run metrics).</summary>
public enum RunOutcome
{
    /// <summary>Its root span ended, and neither it nor a stage span failed.</summary>
    Succeeded,

    /// <summary>Its root span or one of its stage spans failed.</summary>
    Failed,

    /// <summary>No span for <c>Runs:IdleTimeout</c> and no root span: it never finished.</summary>
    Abandoned,
}

/// <summary>The wire names of <see cref="RunOutcome"/>.</summary>
public static class RunOutcomeNames
{
    public static string ToName(this RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
