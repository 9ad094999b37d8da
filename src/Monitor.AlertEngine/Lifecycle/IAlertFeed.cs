using Monitor.AlertEngine.Model;
using Monitor.Collector.Feeds;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>The alert engine's in-process surface for the web host: open alerts, changes, acknowledgement.</summary>
public interface IAlertFeed
{
    /// <summary>Every open (firing or acknowledged) alert in the store, as this replica last heard of it.</summary>
    IReadOnlyList<PerformanceAlert> OpenAlerts { get; }

    /// <summary>
    /// Changed alerts from now on (stored changes only, each at a higher version than the last),
    /// one list per change set. Registered before it is returned, so reading
    /// <see cref="OpenAlerts"/> after subscribing misses nothing.
    /// </summary>
    FeedSubscription<IReadOnlyList<PerformanceAlert>> SubscribeChanges(int capacity = 1024);

    /// <summary>
    /// Acknowledges an alert for <paramref name="duration"/> (null: until it resolves), answered
    /// once the store has it. Throws <see cref="AlertStoreUnavailableException"/> when the store
    /// cannot take it: nothing was recorded.
    /// </summary>
    Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration, CancellationToken cancellationToken);

    /// <summary>
    /// Withdraws an acknowledgement made by mistake: the alert fires again (and its silence ends),
    /// the withdrawal recorded in its history with <paramref name="comment"/>. Throws
    /// <see cref="AlertStoreUnavailableException"/> when the store cannot take it.
    /// </summary>
    Task<UnacknowledgeOutcome> UnacknowledgeAsync(string id, string actor, string? comment, CancellationToken cancellationToken);
}
