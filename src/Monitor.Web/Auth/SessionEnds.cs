using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Cluster;
using Monitor.AlertEngine.Storage.WebSessions;
using Monitor.Web.Telemetry;

namespace Monitor.Web.Auth;

/// <summary>
/// Ends the live connections of sessions that have ended: at once on the replica that signed the
/// session out, on the others when the announcement on <see cref="Channel"/> arrives, and every
/// <c>Auth:SessionCheckInterval</c> for any session the store no longer holds (expired, or an
/// announcement lost while Redis was away).
/// </summary>
internal sealed class SessionEnds(LiveSessions live, ISessionStore sessions, IClusterBus bus, IOptions<AuthOptions> options,
    WebMeter meter, TimeProvider time, ILogger<SessionEnds> logger) : BackgroundService
{
    public const string Channel = "pipeline-monitor:sessions";

    // monitor_hub_rejected_total's reason for a connection closed because its session ended (as the hub counts it).
    private const string SessionEndedReason = "session_ended";

    private IDisposable? _subscription;

    /// <summary>The session (key hash) has ended: its connections here close now, and every other replica is told.</summary>
    public void Ended(string session)
    {
        End(session, "signed out");
        if (bus.IsShared)
        {
            bus.Publish(Channel, System.Text.Encoding.UTF8.GetBytes(session));
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(Channel, message => End(System.Text.Encoding.UTF8.GetString(message.Span), "signed out on another replica"));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SessionCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ends the connections of every session the store no longer holds.</summary>
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var session in live.Sessions)
        {
            try
            {
                if (await sessions.FindAsync(session, time.GetUtcNow(), cancellationToken) is null)
                {
                    End(session, "expired or ended");
                }
            }
            catch (System.Data.Common.DbException error)
            {
                // The store is away: the connections keep the rights they were checked for, and
                // every privileged call checks again; the next sweep tries again.
                AuthLog.SessionStoreUnavailable(logger, error);
                return;
            }
        }
    }

    private void End(string session, string why)
    {
        if (live.End(session) is > 0 and var ended)
        {
            for (var i = 0; i < ended; i++)
            {
                meter.HubRejected(SessionEndedReason);
            }
            AuthLog.SessionConnectionsEnded(logger, ended, why);
        }
    }
}
