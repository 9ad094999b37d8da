using Cronos;

namespace Monitor.AlertEngine.Runs;

/// <summary>A parsed <see cref="RunScheduleOptions"/>.</summary>
internal sealed record Schedule(CronExpression Cron, TimeZoneInfo TimeZone, TimeSpan Grace)
{
    public static bool TryParse(RunScheduleOptions options, out Schedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        CronExpression cron;
        try
        {
            var fields = options.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            cron = CronExpression.Parse(options.Cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            error = $"Cron '{options.Cron}' is not a cron expression: {e.Message}";
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            error = $"TimeZone '{options.TimeZone}' is not a time zone this machine knows.";
            return false;
        }
        schedule = new Schedule(cron, zone, options.Grace);
        return true;
    }

    /// <summary>The latest scheduled time whose grace ended at or before <paramref name="now"/>, after <paramref name="since"/>; null if none.</summary>
    public DateTimeOffset? LastDue(DateTimeOffset since, DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        var to = now - Grace;
        if (to <= since)
        {
            return null;
        }
        foreach (var occurrence in Cron.GetOccurrences(since.UtcDateTime, to.UtcDateTime, TimeZone, fromInclusive: false, toInclusive: true))
        {
            due = new DateTimeOffset(occurrence, TimeSpan.Zero);
        }
        return due;
    }

    /// <summary>The next scheduled time after <paramref name="now"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset now) =>
        Cron.GetNextOccurrence(now.UtcDateTime, TimeZone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
}
