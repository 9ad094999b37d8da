namespace Monitor.Web.Realtime;

/// <summary>
/// The hub's groups: one per watched pipeline, and the fleet's (the overview: every connection
/// joins it on connect; a client that shows alerts only leaves it). SignalR serialises a group's
/// message once per protocol and writes the same bytes to each member, so an update costs one
/// serialisation however many clients want it.
/// </summary>
internal static class HubGroups
{
    /// <summary>Pipelines one connection may watch at once (the console watches one).</summary>
    public const int MaxWatchedPerConnection = 32;

    /// <summary>The clients that get fleet_update (no pipeline is named "fleet": pipelines' groups are prefixed).</summary>
    public const string Fleet = "fleet";

    public static string Pipeline(string job) => "pipeline:" + job;
}
