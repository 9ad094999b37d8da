namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>An alert's notifications as the outbox recorded them, for readers outside the engine (the REST API).</summary>
public interface INotificationLog
{
    Task<IReadOnlyList<NotificationRecord>> GetForAlertAsync(string alertId, CancellationToken cancellationToken);
}
