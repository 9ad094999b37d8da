namespace Monitor.AlertEngine.Runs;

/// <summary>When a configured schedule (Runs:Schedules) next expects a run, for readers outside the engine (the runs API).</summary>
public static class ScheduledRuns
{
    /// <summary>
    /// False when the schedule does not parse (configuration validation reports why); otherwise the next
    /// scheduled time after <paramref name="now"/>, null when the cron expression has none.
    /// </summary>
    public static bool TryNext(RunScheduleOptions options, DateTimeOffset now, out DateTimeOffset? next)
    {
        next = null;
        if (!Schedule.TryParse(options, out var schedule, out _))
        {
            return false;
        }
        next = schedule!.Next(now);
        return true;
    }
}
