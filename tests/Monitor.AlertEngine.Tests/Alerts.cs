using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Tests;

/// <summary>Intents and commands for store tests, unique per call so that tests sharing a SQL Server never meet.</summary>
internal static class Alerts
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static string NewFingerprint() => Guid.NewGuid().ToString("N");

    public static BreachIntent Breach(string? fingerprint = null, string job = "job-a", AlertSeverity severity = AlertSeverity.Warning,
        DateTimeOffset? at = null, long count = 1, string? moduleId = "module-1") => new(
        fingerprint ?? NewFingerprint(),
        at ?? T0,
        0,
        Guid.CreateVersion7().ToString(),
        "error_rate",
        new Dictionary<string, string> { ["job"] = job },
        severity,
        "error rate 0.3 is at or above the warning threshold 0.05 (job=" + job + ")",
        new Dictionary<string, double> { ["value"] = 0.3, ["warning"] = 0.05, ["critical"] = 0.2 },
        [new AlertEvidence("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174")],
        moduleId,
        null,
        count);

    public static CloseIntent Resolve(string fingerprint, DateTimeOffset at) => new(fingerprint, at, 0, AlertStatus.Resolved, NotSeenSince: at);

    public static CloseIntent Expire(string fingerprint, DateTimeOffset at, TimeSpan expiry) =>
        new(fingerprint, at, 0, AlertStatus.Expired, NotSeenSince: at - expiry, FiringOnly: true);

    public static AcknowledgeCommand Acknowledge(string id, string actor = "admin", string? comment = "looking", TimeSpan? duration = null,
        DateTimeOffset? at = null) => new(id, actor, comment, duration, at ?? T0.AddMinutes(2));

    public static UnacknowledgeCommand Unacknowledge(string id, string actor = "admin", string? comment = "by mistake", DateTimeOffset? at = null) =>
        new(id, actor, comment, at ?? T0.AddMinutes(3));
}
