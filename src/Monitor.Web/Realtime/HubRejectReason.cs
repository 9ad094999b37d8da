namespace Monitor.Web.Realtime;

/// <summary>Values of the <c>reason</c> label of monitor_hub_rejected_total.</summary>
internal static class HubRejectReason
{
    /// <summary>A browser connection from an Origin that is neither the monitor's nor in Auth:AllowedOrigins.</summary>
    public const string Origin = "origin";

    /// <summary>More calls than Hub:CallsPerSecond allows: the connection is closed.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>More full snapshots (SyncAlerts sending the open set, WatchFleet) than Hub:SnapshotsPerMinute: the connection is closed.</summary>
    public const string SnapshotLimited = "snapshot_limited";

    /// <summary>The connection's session was signed out or expired, or its token is no longer valid: the connection is closed.</summary>
    public const string SessionEnded = "session_ended";

    /// <summary>An argument the method refuses (an empty job, an id that is not one).</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>An alert id that is not in the store.</summary>
    public const string NotFound = "not_found";

    /// <summary>The store could not answer; the caller may try again.</summary>
    public const string Unavailable = "unavailable";
}
