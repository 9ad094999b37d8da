namespace Monitor.Web.Fleet;

/// <summary>The fleet's log messages (snapshots shared between replicas), with stable event ids (3001-3099 are the web host's).</summary>
internal static partial class FleetLog
{
    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "A snapshot announcement from another replica could not be read")]
    public static partial void FleetMessageUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "The replicas hold {Pipelines} pipelines between them, over Collector:MaxPipelines ({Max}): other replicas' pipelines past it are left out of this replica's console, API and hub")]
    public static partial void FleetOverMaxPipelines(ILogger logger, int pipelines, int max);
}
