namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>A delivery claimed from the outbox by this replica, to send now.</summary>
internal sealed record ClaimedDelivery(long Id, NotificationDelivery Delivery, int Attempts);
