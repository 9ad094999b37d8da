using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitor.AlertEngine.Health;

/// <summary>The OTLP receivers listen (the server has its addresses).</summary>
internal sealed class ReceiversHealthCheck(IServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return Task.FromResult(addresses.Count > 0
            ? HealthCheckResult.Healthy($"listening on {string.Join(", ", addresses)}")
            : HealthCheckResult.Unhealthy("the server is not listening yet"));
    }
}
