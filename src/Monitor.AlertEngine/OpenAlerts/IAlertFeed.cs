using Monitor.AlertEngine.Model;
using Monitor.Collector.Feeds;

namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>The alert engine's in-process feed for the web host: the open alerts, and their changes.</summary>
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
}
