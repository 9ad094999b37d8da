using System.Text.Json.Serialization;
using Monitor.AlertEngine.Model;

namespace Monitor.Web.Realtime;

/// <summary>
/// An open alert as the console's list shows it: what, where, how bad, how long, who acknowledged
/// it, and its version (so a newer full copy from <c>alerts_update</c> replaces it). The open set
/// comes this way (<c>GET /api/alerts/open</c>, and <c>alerts_snapshot</c> when SyncAlerts finds a
/// client's copy out of date): at 10,000 open alerts it is a third fewer bytes than the full alerts,
/// and the bytes are most of what a browser spends on its first view (docs/performance.md). The
/// alert's page loads the rest (data, evidence) over REST. Absent values are left out rather than
/// written as null, on the hub and on REST alike: at 10,000 firing alerts the nulls were a quarter
/// of the REST answer's bytes.
/// </summary>
internal sealed record AlertSummary(
    string Id,
    string Type,
    AlertSeverity Severity,
    AlertStatus Status,
    string Message,
    IReadOnlyDictionary<string, string> Labels,
    long Count,
    DateTimeOffset Timestamp,
    DateTimeOffset LastSeen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AcknowledgedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? AcknowledgedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AcknowledgeComment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? AcknowledgedUntil,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ResolvedAt,
    long Version)
{
    public static AlertSummary Of(PerformanceAlert alert) => new(
        alert.Id, alert.Type, alert.Severity, alert.Status, alert.Message, alert.Labels, alert.Count, alert.Timestamp, alert.LastSeen,
        alert.AcknowledgedBy, alert.AcknowledgedAt, alert.AcknowledgeComment, alert.AcknowledgedUntil, alert.ResolvedAt, alert.Version);
}
