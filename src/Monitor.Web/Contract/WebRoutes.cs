namespace Monitor.Web.Contract;

/// <summary>The web host's paths that more than one area needs (docs/architecture.md, "Ports and paths").</summary>
internal static class WebRoutes
{
    /// <summary>The SignalR hub; browsers pass their bearer token in its query string (WebSockets carry no header).</summary>
    public const string Hub = "/hubs/monitoring";

    public const string Api = "/api";

    public const string Auth = "/api/auth";
}
