namespace Monitor.Web.Realtime;

/// <summary>The hub's log messages, with stable event ids (3001-3099 are the web host's).</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Broadcast of {Event} failed")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, string @event);

    // Debug: any page can make a browser try; counted in monitor_hub_rejected_total{reason="origin"}.
    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Hub connection refused: Origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);

    // Debug: a refusal is the caller's doing and any client can repeat it; counted by reason.
    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Hub call {Method} refused ({Reason}): {Message}")]
    public static partial void CallRefused(ILogger logger, string method, string reason, string message);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Hub call {Method} failed inside the monitor; the caller was told without the details")]
    public static partial void CallFailed(ILogger logger, Exception exception, string method);
}
