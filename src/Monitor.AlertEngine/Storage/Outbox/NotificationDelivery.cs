using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>
/// One notification to make, written to the outbox in the transaction of the transition it
/// reports. <see cref="IdempotencyKey"/> is unique: the same transition never queues twice.
/// </summary>
internal sealed record NotificationDelivery(string AlertId, string Receiver, DeliveryKind Kind, AlertAction Event, string Payload,
    string IdempotencyKey, DateTimeOffset CreatedAt);
