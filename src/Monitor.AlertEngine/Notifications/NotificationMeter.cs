using System.Diagnostics.Metrics;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// monitor_notifications_total{receiver,result} (sent, retried, failed), the time from a
/// transition to its delivery, and the outbox depth (pending deliveries, as last counted).
/// </summary>
internal sealed class NotificationMeter
{
    // From milliseconds (a healthy receiver) to the retry ceiling (a receiver that was away).
    private static readonly double[] DeliveryBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

    private readonly Counter<long> _notifications;
    private readonly Histogram<double> _latency;
    private long _pending;

    public NotificationMeter(AlertMeter alerts)
    {
        var meter = alerts.Meter;
        _notifications = meter.CreateCounter<long>("monitor.notifications", "{notification}",
            "Notification attempts by receiver and result: sent, retried (will be tried again), failed (given up).");
        _latency = meter.CreateHistogram<double>("monitor.notification.delivery.latency", "s", "Time from a transition to its delivery at a receiver.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryBounds });
        meter.CreateObservableGauge("monitor.notification.outbox.depth", () => Volatile.Read(ref _pending), "{notification}",
            "Deliveries waiting in the outbox (all replicas), as last counted.");
    }

    public void Sent(string receiver, TimeSpan sinceTransition)
    {
        _notifications.Add(1, new KeyValuePair<string, object?>("receiver", receiver), new KeyValuePair<string, object?>("result", "sent"));
        _latency.Record(Math.Max(0, sinceTransition.TotalSeconds), new KeyValuePair<string, object?>("receiver", receiver));
    }

    public void Retried(string receiver) =>
        _notifications.Add(1, new KeyValuePair<string, object?>("receiver", receiver), new KeyValuePair<string, object?>("result", "retried"));

    public void Failed(string receiver) =>
        _notifications.Add(1, new KeyValuePair<string, object?>("receiver", receiver), new KeyValuePair<string, object?>("result", "failed"));

    public void Pending(long count) => Volatile.Write(ref _pending, count);
}
