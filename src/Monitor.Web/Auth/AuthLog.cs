namespace Monitor.Web.Auth;

/// <summary>Sign-in and session log messages, with stable event ids (3001-3099 are the web host's). Tokens are never logged.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "A new admin token was created; its hash is in {File}")]
    public static partial void AdminTokenCreated(ILogger logger, string file);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The session store cannot answer; cookie sessions are not recognised until it can (bearer tokens still work)")]
    public static partial void SessionStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "{Count} hub connections closed: their session {Why}")]
    public static partial void SessionConnectionsEnded(ILogger logger, int count, string why);
}
