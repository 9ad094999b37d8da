using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.Web.Auth;
using Monitor.Web.Contract;
using Monitor.Web.Fleet;

namespace Monitor.Web.Realtime;

/// <summary>
/// <c>/hubs/monitoring</c>. A client that connects (or reconnects) first gets the full state:
/// metrics, status, every open alert, health; then the broadcasts. Admins acknowledge here.
/// </summary>
[Authorize(Policy = Roles.Read)]
internal sealed class MonitoringHub(MonitorState state, IAlertFeed alerts) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var caller = Clients.Caller;
        await caller.SendAsync(HubEvents.Metrics, state.Metrics(), Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Status, state.Status(), Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Alerts, state.OpenAlerts(), Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Health, state.Health, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>Acknowledges an alert until it resolves; the change reaches every client as alerts_update.</summary>
    [Authorize(Policy = Roles.Acknowledge)]
    public async Task<AcknowledgeOutcome> AcknowledgeAlert(string id, string? comment)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            throw new HubException("id must be an alert id.");
        }
        if (comment is { Length: > AcknowledgementRules.MaxComment })
        {
            throw new HubException($"comment must be at most {AcknowledgementRules.MaxComment} characters.");
        }
        AcknowledgeOutcome outcome;
        try
        {
            outcome = await alerts.AcknowledgeAsync(id, Context.User?.Identity?.Name ?? Roles.Admin, comment, null, Context.ConnectionAborted);
        }
        catch (AlertStoreUnavailableException error)
        {
            throw new HubException($"{error.Message}; try again.");
        }
        return outcome.Result == AcknowledgeResult.NotFound ? throw new HubException($"alert {id} not found.") : outcome;
    }
}
