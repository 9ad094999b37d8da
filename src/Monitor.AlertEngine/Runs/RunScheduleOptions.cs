namespace Monitor.AlertEngine.Runs;

/// <summary>When a pipeline is expected to run: a cron expression read in a time zone, and how late it may start.</summary>
public sealed class RunScheduleOptions
{
    /// <summary>Five fields (minute hour day-of-month month day-of-week), or six with seconds first.</summary>
    public string Cron { get; set; } = string.Empty;

    /// <summary>An IANA or Windows time zone id; the cron expression is read in it (daylight saving included).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How long after its scheduled time a run may start before it is missing.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(30);
}
