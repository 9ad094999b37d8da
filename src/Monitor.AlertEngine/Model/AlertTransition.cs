namespace Monitor.AlertEngine.Model;

/// <summary>
/// One step of an alert's history (the audit trail): what happened, when, who did it (null for
/// the engine) and their comment.
/// </summary>
public sealed record AlertTransition(string AlertId, string Action, string Status, string Severity, DateTimeOffset At,
    string? Actor, string? Comment);

/// <summary>The <see cref="AlertTransition.Action"/> values.</summary>
public static class AlertAction
{
    public const string Fired = "fired";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Refired = "refired";
    public const string Resolved = "resolved";
    public const string Expired = "expired";
}
