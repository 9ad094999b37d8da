using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Health;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Outbox;
using Monitor.Collector.Pipeline.Model;
using Monitor.Web.Auth;
using Monitor.Web.Contract;
using Monitor.Web.Fleet;
using Monitor.Web.Realtime;

namespace Monitor.Web.Api;

/// <summary>The REST API (docs/api.md): reads for viewers, acknowledge for admins; errors are RFC 9457 problem details.</summary>
internal static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(WebRoutes.Api).RequireAuthorization(Roles.Read).RequireRateLimiting("api").AddEndpointFilter<StoreUnavailableFilter>();
        api.MapGet("/metrics", GetMetrics).WithName("GetMetrics").WithSummary("PipelineMetrics of every pipeline, paged (X-Total-Count, Link)").WithTags("Metrics");
        api.MapGet("/metrics/history", GetMetricsHistory).WithName("GetMetricsHistory")
            .WithSummary("Each pipeline's charted figures over the last minutes (window <= 15 min), a page of pipelines").WithTags("Metrics");
        api.MapGet("/status", GetStatus).WithName("GetStatus").WithSummary("PipelineStatus of every pipeline, paged (X-Total-Count, Link)").WithTags("Metrics");
        api.MapGet("/health", GetHealth).WithName("GetHealth").WithSummary("The health monitor's latest HealthStatus").WithTags("Health");
        api.MapGet("/alerts", GetAlertsAsync).WithName("GetAlerts").WithSummary("Alerts, newest first, filtered and paged").WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/alerts/open", GetOpenAlerts).WithName("GetOpenAlerts")
            .WithSummary("Every open alert as a list row, with the digest the hub's SyncAlerts compares (the console's first picture)").WithTags("Alerts");
        api.MapGet("/alerts/{id}", GetAlertAsync).WithName("GetAlert").WithSummary("One alert").WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/alerts/{id}/history", GetAlertHistoryAsync).WithName("GetAlertHistory").WithSummary("An alert's transitions: who, when, comment").WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/alerts/{id}/notifications", GetAlertNotificationsAsync).WithName("GetAlertNotifications")
            .WithSummary("An alert's notifications: receiver, transition, sent / pending / failed, silence id").WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapAlertCommands();
        api.MapRunsApi();
        api.MapGet("/config", GetConfig).WithName("GetConfig").WithSummary("The monitoring configuration in force").WithTags("Config");
        return api;
    }

    private static Results<Ok<PipelineMetricsView[]>, ValidationProblem> GetMetrics(MonitorState state, HttpContext context, string? job, int? page,
        int? pageSize) => Paged(context, state.Metrics(), static m => m.Job, job, page, pageSize);

    private static Results<Ok<PipelineStatus[]>, ValidationProblem> GetStatus(MonitorState state, HttpContext context, string? job, int? page,
        int? pageSize) => Paged(context, state.Status(), static s => s.Job, job, page, pageSize);

    /// <summary>
    /// One page of a per-pipeline array (pipelines in name order): the body stays an array, the
    /// total is in <c>X-Total-Count</c> and the next page in a <c>Link</c> header (RFC 8288).
    /// </summary>
    internal static Results<Ok<T[]>, ValidationProblem> Paged<T>(HttpContext context, T[] all, Func<T, string> jobOf, string? job, int? page, int? pageSize)
    {
        if (PageErrors(page, pageSize, PipelinePage.MaxPageSize) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var selected = job is null ? all : [.. all.Where(item => jobOf(item) == job)];
        var (number, size) = (page ?? 1, pageSize ?? PipelinePage.DefaultPageSize);
        context.Response.Headers["X-Total-Count"] = selected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (number * size < selected.Length)
        {
            var next = QueryString.Create([.. context.Request.Query.Where(q => q.Key is not ("page" or "pageSize")).SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))),
                KeyValuePair.Create("page", (string?)(number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                KeyValuePair.Create("pageSize", (string?)size.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            context.Response.Headers.Link = $"<{context.Request.Path}{next}>; rel=\"next\"";
        }
        return TypedResults.Ok(selected.Skip((number - 1) * size).Take(size).ToArray());
    }

    private static Dictionary<string, string[]> PageErrors(int? page, int? pageSize, int maxPageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > 100_000)
        {
            errors["page"] = ["Between 1 and 100000."];
        }
        if (pageSize is { } size && (size < 1 || size > maxPageSize))
        {
            errors["pageSize"] = [$"Between 1 and {maxPageSize}."];
        }
        return errors;
    }

    private static Ok<HealthStatus> GetHealth(MonitorState state) => TypedResults.Ok(state.Health);

    private static Results<Ok<HistoryPage>, ValidationProblem> GetMetricsHistory(MetricsHistory history, TimeProvider time, TimeSpan? window,
        string? job, int? page, int? pageSize)
    {
        var errors = PageErrors(page, pageSize, HistoryPage.MaxPageSize);
        var span = window ?? MetricsHistory.Retention;
        if (span <= TimeSpan.Zero || span > MetricsHistory.Retention)
        {
            errors["window"] = ["Between 00:00:01 and 00:15:00."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var since = time.GetUtcNow() - span;
        var jobs = job is null ? history.Jobs : [.. history.Jobs.Where(j => j == job)];
        var (number, size) = (page ?? 1, pageSize ?? HistoryPage.DefaultPageSize);
        var items = jobs.Skip((number - 1) * size).Take(size).Select(j => new PipelineHistory(j, history.Of(j, since))).ToArray();
        return TypedResults.Ok(new HistoryPage(items, jobs.Count, number, size));
    }

    private static async Task<Results<Ok<AlertPage>, ValidationProblem>> GetAlertsAsync(IAlertHistory store, string? status, string? severity,
        string? job, string? type, string? q, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? since, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AlertStatus? statusFilter = null;
        AlertSeverity? severityFilter = null;
        // The console's own words (its addresses carry them): all, and open (firing or acknowledged).
        var openOnly = status == "open";
        if (status is not null and not "all" and not "open")
        {
            if (AlertWire.TryParse(status, out AlertStatus parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = ["One of all, open, firing, acknowledged, resolved, expired."];
            }
        }
        if (severity is not null and not "all")
        {
            if (AlertWire.TryParse(severity, out AlertSeverity parsed))
            {
                severityFilter = parsed;
            }
            else
            {
                errors["severity"] = ["One of all, warning, critical."];
            }
        }
        if (page is < 1 or > 100_000)
        {
            errors["page"] = ["Between 1 and 100000."];
        }
        if (pageSize is < 1 or > AlertQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"Between 1 and {AlertQuery.MaxPageSize}."];
        }
        if (q is { Length: > 200 })
        {
            errors["q"] = ["At most 200 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = new AlertQuery(statusFilter, severityFilter, job, type, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), from ?? since, to,
            page ?? 1, pageSize ?? 50, openOnly);
        return TypedResults.Ok(await store.QueryAsync(query, cancellationToken));
    }

    /// <summary>The open set as this replica holds it; digest and rows from the same read, so they name the same set.</summary>
    private static Ok<OpenAlertsView> GetOpenAlerts(IAlertFeed alerts)
    {
        var open = alerts.OpenAlerts;
        return TypedResults.Ok(new OpenAlertsView(OpenAlertsDigest.Of(open), [.. open.Select(AlertSummary.Of)]));
    }

    private static async Task<Results<Ok<PerformanceAlert>, ProblemHttpResult>> GetAlertAsync(string id, IAlertHistory store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } alert ? TypedResults.Ok(alert) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<AlertTransition>>, ProblemHttpResult>> GetAlertHistoryAsync(string id, IAlertHistory store,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(await store.GetHistoryAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<NotificationRecord>>, ProblemHttpResult>> GetAlertNotificationsAsync(string id, IAlertHistory store,
        INotificationLog outbox, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(await outbox.GetForAlertAsync(id, cancellationToken));
    }

    private static Ok<MonitoringOptions> GetConfig(IOptionsMonitor<MonitoringOptions> options) => TypedResults.Ok(options.CurrentValue);

    private static ProblemHttpResult NotFound(string id) => AlertCommandsApi.NotFound(id);
}
