namespace Monitor.AlertEngine.Health;

/// <summary>The seed's HealthStatus: healthy | degraded | unhealthy, with the issues found.</summary>
public sealed record HealthStatus(string Status, DateTimeOffset LastUpdate, IReadOnlyList<string> Issues)
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";
}
