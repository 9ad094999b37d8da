using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>The parameters of an outbox row, the same on every engine.</summary>
internal static class DeliveryParameters
{
    public static object For(NotificationDelivery delivery) => new
    {
        delivery.AlertId,
        delivery.Receiver,
        Kind = DeliveryKinds.Name(delivery.Kind),
        Event = AlertWire.Name(delivery.Event),
        delivery.Payload,
        delivery.IdempotencyKey,
        delivery.CreatedAt,
    };
}
