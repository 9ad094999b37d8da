using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>A transition row as Dapper reads it (times through <see cref="StoreTime"/>).</summary>
internal sealed class TransitionRow
{
    public string AlertId { get; set; } = "";
    public string Action { get; set; } = "";
    public string Status { get; set; } = "";
    public string Severity { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Actor { get; set; }
    public string? Comment { get; set; }

    public const string Columns = "alert_id AS AlertId, action AS Action, status AS Status, severity AS Severity, at AS At, actor AS Actor, comment AS Comment";

    public AlertTransition ToTransition() =>
        new(AlertId, AlertWire.Action(Action), AlertWire.Status(Status), AlertWire.Severity(Severity), At, Actor, Comment);
}
