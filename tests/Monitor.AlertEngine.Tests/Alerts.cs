using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Tests;

/// <summary>Alerts for tests, unique per call so that tests sharing a SQL Server never meet.</summary>
internal static class Alerts
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static PerformanceAlert Firing(string? fingerprint = null, string job = "job-a", string severity = AlertSeverity.Warning) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        Type = "error_rate",
        Severity = severity,
        Message = "error rate 0.3 is at or above the warning threshold 0.05 (job=" + job + ")",
        Timestamp = T0,
        LastSeen = T0,
        Status = AlertStatus.Firing,
        Fingerprint = fingerprint ?? Guid.NewGuid().ToString("N"),
        Labels = new Dictionary<string, string> { ["job"] = job },
        Data = new Dictionary<string, double> { ["value"] = 0.3, ["warning"] = 0.05, ["critical"] = 0.2 },
        Evidence = [new AlertEvidence("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174")],
        ModuleId = "module-1",
    };

    public static AlertTransition Step(PerformanceAlert alert, string action, string? actor = null, string? comment = null) =>
        new(alert.Id, action, alert.Status, alert.Severity, alert.LastSeen, actor, comment);
}
