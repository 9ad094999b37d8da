using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.Collector.Configuration;
using Monitor.Web.Auth;
using Monitor.Web.Contract;
using Monitor.Web.Fleet;

namespace Monitor.Web.Realtime;

/// <summary>
/// <c>/hubs/monitoring</c>. A client that connects (or reconnects) first gets the full state:
/// metrics, status, the fleet summary, every open alert (unless it connected with <c>?alerts=sync</c>,
/// as the console does: it loads them over REST and calls SyncAlerts), health; then alert changes and
/// health, which go to every client, the fleet summary, which goes to the fleet's group (every client
/// until it calls UnwatchFleet), and the metrics and status of the pipelines it watches
/// (WatchPipeline), which go to those pipelines' groups only. Admins acknowledge here.
/// </summary>
[Authorize(Policy = Roles.Read)]
internal sealed class MonitoringHub(MonitorState state, IAlertFeed alerts, IAlertCommands commands, IOptions<CollectorOptions> collector) : Hub
{
    private const string Watched = "watched";

    public override async Task OnConnectedAsync()
    {
        var caller = Clients.Caller;
        // Joined before the summary is sent, so no change falls between the two.
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Fleet, Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Metrics, state.Metrics(), Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Status, state.Status(), Context.ConnectionAborted);
        await caller.SendAsync(HubEvents.Fleet, state.Fleet(), Context.ConnectionAborted);
        if (!SyncsAlerts())
        {
            await caller.SendAsync(HubEvents.Alerts, state.OpenAlerts(), Context.ConnectionAborted);
        }
        await caller.SendAsync(HubEvents.Health, state.Health, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Brings the caller's open alerts in line with this replica's (a client connected with
    /// <c>?alerts=sync</c> gets none on connect and calls this once connected). <paramref name="digest"/>:
    /// that of the open set the client holds (<c>GET /api/alerts/open</c>), null when it holds none.
    /// True: the client's set is the open set now, and every later change comes as alerts_update
    /// (this connection already gets them). False: the open set came first as alerts_snapshot parts.
    /// </summary>
    public async Task<bool> SyncAlerts(string? digest)
    {
        if (digest is { Length: > OpenAlertsDigest.MaxLength })
        {
            throw new HubRefusal(HubRejectReason.InvalidArgument, "digest must be the digest of GET /api/alerts/open.");
        }
        var open = alerts.OpenAlerts;
        if (digest is not null && string.Equals(digest, OpenAlertsDigest.Of(open), StringComparison.Ordinal))
        {
            return true;
        }
        Spend(HubConnectionBudget.In(Context.Items)?.TrySnapshot(), "SyncAlerts");
        foreach (var part in AlertSnapshotPart.Of(open))
        {
            await Clients.Caller.SendAsync(HubEvents.AlertsSnapshot, part, Context.ConnectionAborted);
        }
        return false;
    }

    /// <summary>
    /// From now on this connection gets the pipeline's metrics_update and status_update; first, its
    /// latest state (after joining the group, so no update falls between the two). A pipeline the
    /// fleet does not have yet may be watched: its updates start when its telemetry does.
    /// </summary>
    public async Task WatchPipeline(string job)
    {
        CheckJob(job);
        var watched = WatchedPipelines();
        lock (watched)
        {
            if (!watched.Contains(job) && watched.Count >= HubGroups.MaxWatchedPerConnection)
            {
                throw new HubRefusal(HubRejectReason.InvalidArgument, $"a connection watches at most {HubGroups.MaxWatchedPerConnection} pipelines; unwatch one first.");
            }
            watched.Add(job);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Pipeline(job), Context.ConnectionAborted);
        if (state.Pipeline(job) is { } snapshot)
        {
            await Clients.Caller.SendAsync(HubEvents.Metrics, new[] { state.MetricsOf(snapshot) }, Context.ConnectionAborted);
            await Clients.Caller.SendAsync(HubEvents.Status, new[] { snapshot.Status }, Context.ConnectionAborted);
        }
    }

    /// <summary>Stops the pipeline's updates to this connection (unknown or not watched: nothing to do).</summary>
    public async Task UnwatchPipeline(string job)
    {
        CheckJob(job);
        var watched = WatchedPipelines();
        lock (watched)
        {
            watched.Remove(job);
        }
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Pipeline(job), Context.ConnectionAborted);
    }

    /// <summary>
    /// Stops fleet_update to this connection: a client that shows alerts only (a wallboard, a bridge to a
    /// pager) is spared a message a second to every client; alerts_update still reaches it.
    /// </summary>
    public Task UnwatchFleet() => Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Fleet, Context.ConnectionAborted);

    /// <summary>fleet_update again (every connection has it from connect until UnwatchFleet): the summary now, then each change.</summary>
    public async Task WatchFleet()
    {
        Spend(HubConnectionBudget.In(Context.Items)?.TrySnapshot(), "WatchFleet");
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Fleet, Context.ConnectionAborted);
        await Clients.Caller.SendAsync(HubEvents.Fleet, state.Fleet(), Context.ConnectionAborted);
    }

    /// <summary>Acknowledges an alert until it resolves; the change reaches every client as alerts_update.</summary>
    [Authorize(Policy = Roles.Acknowledge)]
    public async Task<AcknowledgeOutcome> AcknowledgeAlert(string id, string? comment)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            throw new HubRefusal(HubRejectReason.InvalidArgument, "id must be an alert id.");
        }
        if (comment is { Length: > AcknowledgementRules.MaxComment })
        {
            throw new HubRefusal(HubRejectReason.InvalidArgument, $"comment must be at most {AcknowledgementRules.MaxComment} characters.");
        }
        AcknowledgeOutcome outcome;
        try
        {
            outcome = await commands.AcknowledgeAsync(id, Context.User?.Identity?.Name ?? Roles.Admin, comment, null, Context.ConnectionAborted);
        }
        catch (AlertStoreUnavailableException error)
        {
            throw new HubRefusal(HubRejectReason.Unavailable, $"{error.Message}; try again.");
        }
        return outcome.Result == AcknowledgeResult.NotFound ? throw new HubRefusal(HubRejectReason.NotFound, $"alert {id} not found.") : outcome;
    }

    /// <summary>Full snapshots are few bytes asked for many sent: a connection gets Hub:SnapshotsPerMinute of them.</summary>
    private static void Spend(bool? allowed, string method)
    {
        if (allowed == false)
        {
            throw new HubRefusal(HubRejectReason.SnapshotLimited, $"{method} sends a full snapshot, at most Hub:SnapshotsPerMinute a minute per connection; the connection is closed.");
        }
    }

    private void CheckJob(string job)
    {
        if (string.IsNullOrEmpty(job) || job.Length > collector.Value.MaxAttributeValueLength)
        {
            throw new HubRefusal(HubRejectReason.InvalidArgument, $"job must be a pipeline name of 1 to {collector.Value.MaxAttributeValueLength} characters.");
        }
    }

    /// <summary>The connection's watched pipelines (SignalR drops a connection's groups when it closes).</summary>
    private HashSet<string> WatchedPipelines() =>
        (HashSet<string>)(Context.Items.TryGetValue(Watched, out var set) ? set! : Context.Items[Watched] = new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The console's choice (<c>/hubs/monitoring?alerts=sync</c>): no open alerts on connect; it loads them over REST, then calls SyncAlerts.</summary>
    private bool SyncsAlerts() =>
        string.Equals(Context.GetHttpContext()?.Request.Query["alerts"], "sync", StringComparison.Ordinal);
}
