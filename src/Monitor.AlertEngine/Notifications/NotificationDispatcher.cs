using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Sends what the outbox holds: claims due deliveries (a lease of Notifications:DeliveryLease, so
/// one replica sends each), sends them, and completes them, or schedules the next try (exponential
/// backoff with jitter) until Notifications:GiveUpAfter from the delivery's making (or
/// Notifications:MaxAttempts, when set), then marks them failed. Woken at once when this replica
/// stores a change; otherwise it looks again when the next delivery is due (or a lease lapses).
/// </summary>
internal sealed class NotificationDispatcher(
    INotificationOutbox outbox,
    IAlertStore store,
    AlertStoreService storeService,
    OpenAlertSet alerts,
    AlertmanagerClient alertmanager,
    WebhookClient webhooks,
    ReceiverHealth health,
    NotificationMeter meter,
    NotificationLog log,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider time) : BackgroundService
{
    // Deliveries of other replicas' changes, and lapsed leases, are looked for at least this often.
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);

    private const int ClaimsPerRound = 64;

    // At most 64 characters (the claimed_by column): this process, unique across restarts.
    private readonly string _claimant = $"{Environment.MachineName[..Math.Min(20, Environment.MachineName.Length)]}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _wake = new(0, 1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        alerts.StoredHere += OnStoredHere;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        alerts.StoredHere -= OnStoredHere;
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await storeService.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // Longer than any receiver's timeout (validated); a replica that dies holding a claim delays it by this much.
                var claimed = await outbox.ClaimAsync(_claimant, time.GetUtcNow(), options.CurrentValue.DeliveryLease, ClaimsPerRound, stoppingToken);
                if (claimed.Count > 0)
                {
                    await Task.WhenAll(claimed.Select(c => DeliverAsync(c, stoppingToken)));
                    continue;
                }
                meter.Pending(await outbox.CountPendingAsync(stoppingToken));
                var due = await outbox.NextDueAsync(stoppingToken);
                wait = due is { } next ? Clamp(next - time.GetUtcNow()) : LongestWait;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                log.OutboxUnavailable(error);
                wait = LongestWait;
            }
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;

    private void OnStoredHere(IReadOnlyList<PerformanceAlert> changed)
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task DeliverAsync(ClaimedDelivery claimed, CancellationToken cancellationToken)
    {
        var delivery = claimed.Delivery;
        var settings = options.CurrentValue;
        try
        {
            var result = await SendAsync(delivery, settings, cancellationToken);
            await outbox.CompleteAsync(claimed.Id, _claimant, time.GetUtcNow(), result, cancellationToken);
            meter.Sent(delivery.Receiver, time.GetUtcNow() - delivery.CreatedAt);
            if (health.Succeeded(delivery.Receiver))
            {
                log.ReceiverBack(delivery.Receiver);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The lease lapses and another replica (or this one, restarted) sends it.
        }
        catch (Exception error)
        {
            var message = error.Message;
            var attempt = claimed.Attempts + 1;
            var now = time.GetUtcNow();
            var horizon = delivery.CreatedAt + settings.GiveUpAfter;
            health.Failed(delivery.Receiver, now, message);
            try
            {
                if (error is DeliveryException { Permanent: true } || now >= horizon || attempt >= settings.MaxAttempts)
                {
                    await outbox.FailAsync(claimed.Id, _claimant, now, message, cancellationToken);
                    meter.Failed(delivery.Receiver);
                    log.GaveUp(delivery.Receiver, delivery.AlertId, attempt, message);
                }
                else
                {
                    // The last try falls on the horizon, not a backoff past it.
                    var due = Min(now + Backoff(attempt, settings), horizon);
                    await outbox.RetryAsync(claimed.Id, _claimant, due, message, cancellationToken);
                    meter.Retried(delivery.Receiver);
                    log.Retrying(delivery.Receiver, delivery.AlertId, attempt, due, message);
                }
            }
            catch (Exception outboxError) when (outboxError is not OperationCanceledException)
            {
                // The store is away: the lease lapses and the delivery is tried again then.
                log.OutboxUnavailable(outboxError);
            }
        }
    }

    /// <summary>Sends one delivery; returns what to record with it (a silence's id).</summary>
    private async Task<string?> SendAsync(NotificationDelivery delivery, NotificationOptions settings, CancellationToken cancellationToken)
    {
        switch (delivery.Kind)
        {
            case DeliveryKind.Alerts:
                var index = Enumerable.Range(0, settings.Alertmanagers.Count).FirstOrDefault(i => Receivers.Alertmanager(settings, i) == delivery.Receiver, -1);
                if (index < 0)
                {
                    throw new DeliveryException($"{delivery.Receiver} is no longer configured", permanent: true);
                }
                await alertmanager.PostAlertsAsync(settings.Alertmanagers[index], delivery.Receiver, delivery.Payload, cancellationToken);
                return null;
            case DeliveryKind.Silence:
                var silenceId = await FirstAlertmanagerAsync(settings, (target, name) => alertmanager.PutSilenceAsync(target, name, delivery.Payload, cancellationToken));
                using (var payload = JsonDocument.Parse(delivery.Payload))
                {
                    await RecordSilenceAsync(delivery.AlertId, silenceId, payload.RootElement.GetProperty("endsAt").GetDateTimeOffset(), cancellationToken);
                }
                return silenceId;
            case DeliveryKind.Unsilence:
                if (await store.GetAsync(delivery.AlertId, cancellationToken) is not { SilenceId: { } current })
                {
                    return null;
                }
                await FirstAlertmanagerAsync(settings, async (target, name) =>
                {
                    await alertmanager.ExpireSilenceAsync(target, name, current, cancellationToken);
                    return current;
                });
                await RecordSilenceAsync(delivery.AlertId, null, null, cancellationToken);
                return current;
            case DeliveryKind.Webhook:
                var webhook = settings.Webhooks.FirstOrDefault(w => w.Name == delivery.Receiver)
                    ?? throw new DeliveryException($"{delivery.Receiver} is no longer configured", permanent: true);
                await webhooks.PostAsync(webhook, delivery.Payload, delivery.IdempotencyKey, AlertWire.Name(delivery.Event), cancellationToken);
                return null;
            default:
                throw new DeliveryException($"unknown delivery kind {delivery.Kind}", permanent: true);
        }
    }

    /// <summary>Silences live in the Alertmanager cluster: the first member that answers takes the call.</summary>
    private static async Task<string> FirstAlertmanagerAsync(NotificationOptions settings, Func<AlertmanagerTarget, string, Task<string>> call)
    {
        if (settings.Alertmanagers.Count == 0)
        {
            throw new DeliveryException("no Alertmanager is configured any more", permanent: true);
        }
        DeliveryException? last = null;
        for (var i = 0; i < settings.Alertmanagers.Count; i++)
        {
            try
            {
                return await call(settings.Alertmanagers[i], Receivers.Alertmanager(settings, i));
            }
            catch (DeliveryException error)
            {
                last = error;
            }
        }
        throw last!;
    }

    private async Task RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        // The change reaches this replica's clients and the others through the store's commit.
        await store.RecordSilenceAsync(alertId, silenceId, until, cancellationToken);
    }

    /// <summary>RetryBaseDelay doubled per attempt up to RetryMaxDelay, each ±20 % so replicas and receivers do not move in step.</summary>
    internal static TimeSpan Backoff(int attempt, NotificationOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
