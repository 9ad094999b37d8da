using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Monitor.AlertEngine;

namespace Monitor.Web.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: store reachable,
/// receivers listening, ingestion not backed up). The checks are the alert engine's health monitor's.
/// Both answer without credentials and by any Host (probes use an address); what went wrong
/// (a store's error message, a path, a server name) is told only to a caller who signed in.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapMonitorHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(AlertEngineServiceCollectionExtensions.ReadyTag),
            ResponseWriter = WriteReportAsync,
        });
        return endpoints;
    }

    /// <summary>Status word and, for each check, its status; its description too for a caller with a verified credential.</summary>
    private static Task WriteReportAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var detailed = context.User.Identity?.IsAuthenticated == true;
        var lines = report.Entries.Select(e => detailed ? $"{e.Key}: {e.Value.Status} - {e.Value.Description}" : $"{e.Key}: {e.Value.Status}");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', lines)}\n", context.RequestAborted);
    }
}
