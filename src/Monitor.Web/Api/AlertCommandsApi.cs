using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.Web.Auth;

namespace Monitor.Web.Api;

/// <summary>
/// What admins do to alerts (docs/api.md): acknowledge one or many, withdraw an acknowledgement
/// made by mistake. Each is a conditional write in the store, answered once stored; 503 with
/// Retry-After when the store cannot take it (nothing recorded for that alert).
/// </summary>
internal static class AlertCommandsApi
{
    public static RouteGroupBuilder MapAlertCommands(this RouteGroupBuilder api)
    {
        api.MapPost("/alerts/{id}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert").WithSummary("Acknowledge an alert (admins; idempotent)")
            .WithTags("Alerts").RequireAuthorization(Roles.Acknowledge)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/alerts/acknowledge", AcknowledgeManyAsync).WithName("AcknowledgeAlerts")
            .WithSummary("Acknowledge several alerts with one comment and duration (admins); a result per alert").WithTags("Alerts")
            .RequireAuthorization(Roles.Acknowledge).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/alerts/{id}/unacknowledge", UnacknowledgeAsync).WithName("UnacknowledgeAlert")
            .WithSummary("Withdraw an acknowledgement made by mistake (admins): the alert fires again, recorded in its history").WithTags("Alerts")
            .RequireAuthorization(Roles.Acknowledge)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<Results<Ok<AcknowledgeOutcome>, ProblemHttpResult, ValidationProblem>> AcknowledgeAsync(string id,
        [FromBody] AcknowledgeRequest? request, IAlertCommands alerts, HttpContext context, CancellationToken cancellationToken)
    {
        request ??= new AcknowledgeRequest();
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        AcknowledgeOutcome outcome;
        try
        {
            outcome = await alerts.AcknowledgeAsync(id, ActorOf(context), request.Comment, request.Duration, cancellationToken);
        }
        catch (AlertStoreUnavailableException error)
        {
            return Unavailable(context, error);
        }
        return outcome.Result switch
        {
            AcknowledgeResult.NotFound => NotFound(id),
            AcknowledgeResult.AlreadyClosed => Closed(id, outcome.Alert!, "acknowledge"),
            _ => TypedResults.Ok(outcome),
        };
    }

    private static async Task<Results<Ok<BulkAcknowledgeResponse>, ProblemHttpResult, ValidationProblem>> AcknowledgeManyAsync(
        [FromBody] BulkAcknowledgeRequest? request, IAlertCommands alerts, HttpContext context, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["A body with the ids to acknowledge is required."] });
        }
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var actor = ActorOf(context);
        var results = new List<BulkAcknowledgeResult>(request.Ids.Count);
        foreach (var id in request.Ids)
        {
            try
            {
                var outcome = await alerts.AcknowledgeAsync(id, actor, request.Comment, request.Duration, cancellationToken);
                results.Add(new BulkAcknowledgeResult(id, outcome.Result, outcome.Alert));
            }
            catch (AlertStoreUnavailableException error)
            {
                // Those before were stored; this one and the rest were not: the caller sends them again.
                context.Response.Headers.RetryAfter = "2";
                return TypedResults.Problem($"{error.Message}; {results.Count} of {request.Ids.Count} were acknowledged, the rest were not, try them again.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Alert store unavailable",
                    extensions: new Dictionary<string, object?> { ["results"] = results });
            }
        }
        return TypedResults.Ok(new BulkAcknowledgeResponse(results));
    }

    private static async Task<Results<Ok<UnacknowledgeOutcome>, ProblemHttpResult, ValidationProblem>> UnacknowledgeAsync(string id,
        [FromBody] UnacknowledgeRequest? request, IAlertCommands alerts, HttpContext context, CancellationToken cancellationToken)
    {
        request ??= new UnacknowledgeRequest();
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        UnacknowledgeOutcome outcome;
        try
        {
            outcome = await alerts.UnacknowledgeAsync(id, ActorOf(context), request.Comment, cancellationToken);
        }
        catch (AlertStoreUnavailableException error)
        {
            return Unavailable(context, error);
        }
        return outcome.Result switch
        {
            UnacknowledgeResult.NotFound => NotFound(id),
            UnacknowledgeResult.AlreadyClosed => Closed(id, outcome.Alert!, "un-acknowledge"),
            _ => TypedResults.Ok(outcome),
        };
    }

    private static string ActorOf(HttpContext context) => context.User.Identity?.Name ?? Roles.Admin;

    private static ProblemHttpResult Unavailable(HttpContext context, AlertStoreUnavailableException error)
    {
        context.Response.Headers.RetryAfter = "2";
        return TypedResults.Problem($"{error.Message}; try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Alert store unavailable");
    }

    private static ProblemHttpResult Closed(string id, PerformanceAlert alert, string verb) =>
        TypedResults.Problem($"Alert {id} is {AlertWire.Name(alert.Status)}; there is nothing left to {verb}.", statusCode: StatusCodes.Status409Conflict,
            title: "Alert already closed", extensions: new Dictionary<string, object?> { ["alert"] = alert });

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No alert has the id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Alert not found");
}
