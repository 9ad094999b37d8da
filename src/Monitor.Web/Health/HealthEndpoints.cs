using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Monitor.Web.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: checks tagged
/// "ready"). Issue 4's health monitor adds the store and pipeline checks.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddMonitorHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<IngestionHealthCheck>("ingestion", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapMonitorHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = static check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
