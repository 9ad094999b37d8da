namespace Monitor.Web.Api;

/// <summary>A pipeline's expected runs (<c>Runs:Schedules</c>).</summary>
internal sealed record RunScheduleView(string Cron, string TimeZone, TimeSpan Grace, DateTimeOffset? NextExpectedRun);
