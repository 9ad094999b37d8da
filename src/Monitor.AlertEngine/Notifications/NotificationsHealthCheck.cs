using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Notifications;

/// <summary>Degraded while a receiver has been failing for longer than Notifications:DegradedAfter, naming it and its last error.</summary>
internal sealed class NotificationsHealthCheck(ReceiverHealth receivers, IOptionsMonitor<NotificationOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = receivers.FailingSince(time.GetUtcNow() - options.CurrentValue.DegradedAfter);
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(string.Join(" ", failing.Select(f =>
                $"notifications to {f.Receiver} failing since {f.Since:yyyy-MM-ddTHH:mm:ssZ} ({f.Error}); they are kept and retried."))));
    }
}
