using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitor.AlertEngine.Configuration;

/// <summary>Degraded while a configuration reload is refused, naming what was wrong (the keys).</summary>
internal sealed class ConfigurationHealthCheck(ConfigurationRefusals refusals) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(refusals.Current is { Count: > 0 } refused
            ? HealthCheckResult.Degraded($"reload refused, the last good configuration stays in force: {string.Join(" ", refused)}")
            : HealthCheckResult.Healthy("configuration in force"));
}
