using Microsoft.Extensions.Logging;

namespace Monitor.AlertEngine.Notifications;

/// <summary>The notifications' log messages, with stable event ids (2100-2149).</summary>
internal sealed partial class NotificationLog(ILogger<NotificationLog> logger)
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Notification to {Receiver} about alert {AlertId} failed (attempt {Attempt}); next try at {Due}: {Error}")]
    public partial void Retrying(string receiver, string alertId, int attempt, DateTimeOffset due, string error);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Notification to {Receiver} about alert {AlertId} given up after {Attempts} attempts: {Error}")]
    public partial void GaveUp(string receiver, string alertId, int attempts, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "{Receiver} takes notifications again")]
    public partial void ReceiverBack(string receiver);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "The notification outbox could not be read; trying again")]
    public partial void OutboxUnavailable(Exception exception);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Re-sending the open alerts to {Receiver} failed; the next round tries again: {Error}")]
    public partial void ResendFailed(string receiver, string error);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Renewing the silence {SilenceId} of alert {AlertId} failed; the next round tries again: {Error}")]
    public partial void RenewFailed(string silenceId, string alertId, string error);
}
