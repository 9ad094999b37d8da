using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>An alert row as Dapper reads it (times through <see cref="StoreTime"/>).</summary>
internal sealed class AlertRow
{
    public string Id { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public string Type { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Status { get; set; } = "";
    public string Message { get; set; } = "";
    public string? ModuleId { get; set; }
    public string? ResourceId { get; set; }
    public string Labels { get; set; } = "{}";
    public string Data { get; set; } = "{}";
    public string Evidence { get; set; } = "[]";
    public long Count { get; set; }
    public DateTimeOffset FiredAt { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgeComment { get; set; }
    public DateTimeOffset? AcknowledgedUntil { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? SilenceId { get; set; }
    public DateTimeOffset? SilenceUntil { get; set; }
    public long Version { get; set; }

    /// <summary>The select list that fills this row but its version, the same on both engines.</summary>
    public const string Columns = """
        id AS Id, fingerprint AS Fingerprint, type AS Type, severity AS Severity, status AS Status, message AS Message,
        module_id AS ModuleId, resource_id AS ResourceId, labels AS Labels, data AS Data, evidence AS Evidence, count AS Count,
        fired_at AS FiredAt, last_seen AS LastSeen, acknowledged_by AS AcknowledgedBy, acknowledged_at AS AcknowledgedAt,
        acknowledge_comment AS AcknowledgeComment, acknowledged_until AS AcknowledgedUntil, resolved_at AS ResolvedAt,
        silence_id AS SilenceId, silence_until AS SilenceUntil
        """;

    public PerformanceAlert ToAlert() => new()
    {
        Id = Id,
        Fingerprint = Fingerprint,
        Type = Type,
        Severity = AlertWire.Severity(Severity),
        Status = AlertWire.Status(Status),
        Message = Message,
        ModuleId = ModuleId,
        ResourceId = ResourceId,
        Labels = AlertJson.ReadLabels(Labels),
        Data = AlertJson.ReadData(Data),
        Evidence = AlertJson.ReadEvidence(Evidence),
        Count = Count,
        Timestamp = FiredAt,
        LastSeen = LastSeen,
        AcknowledgedBy = AcknowledgedBy,
        AcknowledgedAt = AcknowledgedAt,
        AcknowledgeComment = AcknowledgeComment,
        AcknowledgedUntil = AcknowledgedUntil,
        ResolvedAt = ResolvedAt,
        SilenceId = SilenceId,
        SilenceUntil = SilenceUntil,
        Version = Version,
    };
}
