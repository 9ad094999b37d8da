using Monitor.Collector.Feeds;

namespace Monitor.AlertEngine.Health;

/// <summary>The latest health and its changes, for the health_check_complete event.</summary>
public interface IHealthFeed
{
    HealthStatus Latest { get; }

    FeedSubscription<HealthStatus> Subscribe();
}
