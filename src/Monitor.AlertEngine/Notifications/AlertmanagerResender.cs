using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Cluster;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// What Prometheus does for its alerts, for the monitor's: every Notifications:ResendInterval each
/// open alert is posted again to every Alertmanager, saying it lasts four intervals more (so an
/// alert whose resolution was lost ends by itself there). Every replica sends the same label sets;
/// Alertmanager keeps one alert per set. Also renews the silences of acknowledgements "until
/// resolved" before they run out.
/// </summary>
internal sealed class AlertmanagerResender(
    OpenAlertSet alerts,
    AlertCluster cluster,
    IAlertStore store,
    AlertmanagerClient alertmanager,
    ReceiverHealth health,
    NotificationLog log,
    IOptionsMonitor<NotificationOptions> notifications,
    IOptionsMonitor<MonitoringOptions> monitoring,
    TimeProvider time) : BackgroundService
{
    // Alertmanager takes large batches; this keeps one request well under its default body limits.
    private const int AlertsPerRequest = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await cluster.Loaded.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = notifications.CurrentValue;
            if (settings.Alertmanagers.Count > 0)
            {
                await ResendAsync(settings, stoppingToken);
                await RenewSilencesAsync(settings, stoppingToken);
            }
            try
            {
                await Task.Delay(settings.ResendInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ResendAsync(NotificationOptions settings, CancellationToken cancellationToken)
    {
        var open = alerts.OpenAlerts;
        if (open.Count == 0)
        {
            return;
        }
        var links = new NotificationLinks(settings, monitoring.CurrentValue);
        var until = time.GetUtcNow() + (settings.ResendInterval * 4);
        for (var i = 0; i < settings.Alertmanagers.Count; i++)
        {
            var receiver = Receivers.Alertmanager(settings, i);
            try
            {
                foreach (var chunk in open.Chunk(AlertsPerRequest))
                {
                    var payload = AlertmanagerPayloads.PostableAlerts(chunk.Select(a => (a, until)), links);
                    await alertmanager.PostAlertsAsync(settings.Alertmanagers[i], receiver, payload, cancellationToken);
                }
                health.Succeeded(receiver);
            }
            catch (DeliveryException error)
            {
                health.Failed(receiver, time.GetUtcNow(), error.Message);
                log.ResendFailed(receiver, error.Message);
            }
        }
    }

    /// <summary>An acknowledgement without an end keeps its silence a SilenceExtension ahead while the alert is open.</summary>
    private async Task RenewSilencesAsync(NotificationOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var renewBefore = now + (settings.SilenceExtension / 2);
        foreach (var alert in alerts.OpenAlerts.Where(a => a is { Status: AlertStatus.Acknowledged, AcknowledgedUntil: null, SilenceId: not null }
            && (a.SilenceUntil is null || a.SilenceUntil < renewBefore)))
        {
            try
            {
                await RenewAsync(alert, now + settings.SilenceExtension, settings, cancellationToken);
            }
            catch (Exception error) when (error is DeliveryException or InvalidOperationException or JsonException)
            {
                log.RenewFailed(alert.SilenceId!, alert.Id, error.Message);
            }
        }
    }

    private async Task RenewAsync(PerformanceAlert alert, DateTimeOffset until, NotificationOptions settings, CancellationToken cancellationToken)
    {
        var target = settings.Alertmanagers[0];
        var receiver = Receivers.Alertmanager(settings, 0);
        // An active silence keeps its id when only its end moves, given its own start.
        var current = await alertmanager.GetSilenceAsync(target, receiver, alert.SilenceId!, cancellationToken);
        var startsAt = current is { } known && known.GetProperty("status").GetProperty("state").GetString() == "active"
            ? known.GetProperty("startsAt").GetDateTimeOffset()
            : time.GetUtcNow();
        var id = current is not null && startsAt < time.GetUtcNow() ? alert.SilenceId : null;
        var payload = AlertmanagerPayloads.PostableSilence(alert, startsAt, until, id);
        var renewed = await alertmanager.PutSilenceAsync(target, receiver, payload, cancellationToken);
        if (await store.RecordSilenceAsync(alert.Id, renewed, until, cancellationToken) is not { } change)
        {
            return;
        }
        if (change.Alert.Status != AlertStatus.Acknowledged)
        {
            // The acknowledgement ended while this ran: the renewed silence must not outlive it.
            await alertmanager.ExpireSilenceAsync(target, receiver, renewed, cancellationToken);
            await store.RecordSilenceAsync(alert.Id, null, null, cancellationToken);
        }
    }
}
