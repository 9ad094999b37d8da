using Monitor.AlertEngine.Model;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>The alert engine's in-process surface for the web host: open alerts, changes, acknowledgement.</summary>
public interface IAlertFeed
{
    /// <summary>Every open (firing or acknowledged) alert.</summary>
    IReadOnlyList<PerformanceAlert> OpenAlerts { get; }

    /// <summary>
    /// Changed alerts from now on, one list per change set. Registered before it is returned, so
    /// reading <see cref="OpenAlerts"/> after subscribing misses nothing.
    /// </summary>
    FeedSubscription<IReadOnlyList<PerformanceAlert>> SubscribeChanges(int capacity = 1024);

    /// <summary>Acknowledges an alert for <paramref name="duration"/> (null: until it resolves).</summary>
    Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration, CancellationToken cancellationToken);
}
