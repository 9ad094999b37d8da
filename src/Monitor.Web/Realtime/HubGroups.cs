namespace Monitor.Web.Realtime;

/// <summary>
/// The hub's groups: one per watched pipeline. SignalR serialises a group's message once per
/// protocol and writes the same bytes to each member, so a pipeline's update costs one
/// serialisation however many clients watch it.
/// </summary>
internal static class HubGroups
{
    /// <summary>Pipelines one connection may watch at once (the console watches one).</summary>
    public const int MaxWatchedPerConnection = 32;

    public static string Pipeline(string job) => "pipeline:" + job;
}
