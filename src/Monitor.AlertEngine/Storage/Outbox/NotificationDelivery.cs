using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>What a delivery does at its receiver.</summary>
internal enum DeliveryKind
{
    /// <summary>Posts alerts (a frozen JSON array of Alertmanager's postable alerts) to one Alertmanager.</summary>
    Alerts,

    /// <summary>Creates the silence of an acknowledgement (frozen JSON postable silence); the id is recorded on the alert.</summary>
    Silence,

    /// <summary>Expires the alert's recorded silence, whatever it is by then.</summary>
    Unsilence,

    /// <summary>Posts a frozen webhook body.</summary>
    Webhook,
}

/// <summary>
/// One notification to make, written to the outbox in the transaction of the transition it
/// reports. <see cref="IdempotencyKey"/> is unique: the same transition never queues twice.
/// </summary>
internal sealed record NotificationDelivery(string AlertId, string Receiver, DeliveryKind Kind, AlertAction Event, string Payload,
    string IdempotencyKey, DateTimeOffset CreatedAt);

/// <summary>A delivery claimed from the outbox by this replica, to send now.</summary>
internal sealed record ClaimedDelivery(long Id, NotificationDelivery Delivery, int Attempts);
