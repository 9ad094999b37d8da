using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Degraded while a receiver has been failing for longer than Notifications:DegradedAfter, naming
/// it and its last error, and for Notifications:GivenUpDegradesFor after any delivery was given up
/// (read from the outbox, so every replica says the same): something was not delivered.
/// </summary>
internal sealed class NotificationsHealthCheck(ReceiverHealth receivers, INotificationOutbox outbox, IOptionsMonitor<NotificationOptions> options,
    TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var issues = receivers.FailingSince(now - settings.DegradedAfter)
            .Select(f => $"notifications to {f.Receiver} failing since {f.Since:yyyy-MM-ddTHH:mm:ssZ} ({f.Error}); they are kept and retried.")
            .ToList();
        try
        {
            if (await outbox.GivenUpSinceAsync(now - settings.GivenUpDegradesFor, cancellationToken) is { Count: > 0 } givenUp)
            {
                issues.Add($"{givenUp.Count} notification deliveries given up in the last {settings.GivenUpDegradesFor:c} (latest to {givenUp.LatestReceiver}: {givenUp.LatestError}); "
                    + "each is marked failed on its alert's page.");
            }
        }
        catch (DbException)
        {
            // The store is away: its own check says so; what is failing here is still reported.
        }
        return issues.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join(" ", issues));
    }
}
