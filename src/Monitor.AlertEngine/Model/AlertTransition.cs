namespace Monitor.AlertEngine.Model;

/// <summary>
/// One step of an alert's history (the audit trail): what happened, when, who did it (null for
/// the engine) and their comment.
/// </summary>
public sealed record AlertTransition(string AlertId, AlertAction Action, AlertStatus Status, AlertSeverity Severity, DateTimeOffset At,
    string? Actor, string? Comment);
