namespace Monitor.Web;

/// <summary>The web host's log messages, with stable event ids (3000-3099). Tokens are never logged.</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "A new admin token was created; its hash is in {File}")]
    public static partial void AdminTokenCreated(ILogger logger, string file);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Broadcast of {Event} failed")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Hub connection refused: Origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The session store cannot answer; cookie sessions are not recognised until it can (bearer tokens still work)")]
    public static partial void SessionStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "A snapshot announcement from another replica could not be read")]
    public static partial void FleetMessageUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "The replicas hold {Pipelines} pipelines between them, over Collector:MaxPipelines ({Max}): other replicas' pipelines past it are left out of this replica's console, API and hub")]
    public static partial void FleetOverMaxPipelines(ILogger logger, int pipelines, int max);
}
