using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>The parameters of an outbox row, the same on every engine but for how a time is stored.</summary>
internal static class DeliveryParameters
{
    public static object For<TTime>(NotificationDelivery delivery, Func<DateTimeOffset, TTime> time) => new
    {
        delivery.AlertId,
        delivery.Receiver,
        Kind = DeliveryKinds.Name(delivery.Kind),
        Event = AlertWire.Name(delivery.Event),
        delivery.Payload,
        delivery.IdempotencyKey,
        CreatedAt = time(delivery.CreatedAt),
    };
}
