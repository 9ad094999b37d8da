namespace Monitor.Web.Realtime;

/// <summary>The hub's log messages, with stable event ids (3001-3099 are the web host's).</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Broadcast of {Event} failed")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Hub connection refused: Origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);
}
