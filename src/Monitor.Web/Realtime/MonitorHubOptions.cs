namespace Monitor.Web.Realtime;

/// <summary>What one hub connection may ask for, bound from the <c>Hub</c> section.</summary>
internal sealed class MonitorHubOptions
{
    public const string SectionName = "Hub";

    /// <summary>
    /// Calls a connection may make each second once its burst is spent; past it the connection is
    /// closed (reason rate_limited). The console makes a handful per page it opens.
    /// </summary>
    public double CallsPerSecond { get; set; } = 10;

    /// <summary>Calls a connection may make at once: a wallboard watching its 32 pipelines on connect fits.</summary>
    public int CallBurst { get; set; } = 50;

    /// <summary>
    /// Full snapshots a connection may ask for in a minute: SyncAlerts that has to send the open set
    /// (megabytes at 10,000 alerts, for a few bytes asked) and WatchFleet. The console asks for one
    /// per connect; past it the connection is closed (reason snapshot_limited).
    /// </summary>
    public int SnapshotsPerMinute { get; set; } = 3;
}
