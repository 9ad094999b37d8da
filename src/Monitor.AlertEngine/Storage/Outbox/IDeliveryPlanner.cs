using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>Decides the notifications of a stored change; <see cref="None"/> when nothing is configured (or in a store of its own).</summary>
internal interface IDeliveryPlanner
{
    static IDeliveryPlanner None { get; } = new NoDeliveries();

    IReadOnlyList<NotificationDelivery> Plan(PerformanceAlert? before, AlertChange change);

    private sealed class NoDeliveries : IDeliveryPlanner
    {
        public IReadOnlyList<NotificationDelivery> Plan(PerformanceAlert? before, AlertChange change) => [];
    }
}
