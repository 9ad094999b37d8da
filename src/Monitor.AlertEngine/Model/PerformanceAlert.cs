namespace Monitor.AlertEngine.Model;

/// <summary>
/// The seed's PerformanceAlert, with its lifecycle: one open alert per <see cref="Fingerprint"/>
/// (rule + scope labels); repeated breaches raise <see cref="Count"/> and <see cref="LastSeen"/>.
/// The store holds the truth; <see cref="Version"/> orders the changes of every alert (a newer
/// copy has a higher version), so every replica and client keeps the newest one.
/// </summary>
public sealed record PerformanceAlert
{
    /// <summary>Given when the alert is first stored; never changes.</summary>
    public required string Id { get; init; }

    /// <summary>The rule that raised it (error_rate, slow_module, a custom rule's name, ...).</summary>
    public required string Type { get; init; }

    public required AlertSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>When it first fired.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public string? ModuleId { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>The breaching value and the thresholds it was compared with.</summary>
    public IReadOnlyDictionary<string, double> Data { get; init; } = new Dictionary<string, double>();

    public bool Acknowledged => Status == AlertStatus.Acknowledged;

    public required AlertStatus Status { get; init; }

    public required string Fingerprint { get; init; }

    /// <summary>Scope labels: at least <c>job</c>.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public long Count { get; init; } = 1;

    public required DateTimeOffset LastSeen { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgeComment { get; init; }

    /// <summary>End of a time-limited acknowledgement; null: until the alert resolves.</summary>
    public DateTimeOffset? AcknowledgedUntil { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The Alertmanager silence of the current acknowledgement, once made (Notifications:SilenceOnAcknowledge).</summary>
    public string? SilenceId { get; init; }

    /// <summary>When that silence ends unless renewed.</summary>
    public DateTimeOffset? SilenceUntil { get; init; }

    /// <summary>Up to <see cref="AlertEvidence.MaxItems"/> breaching spans, newest last.</summary>
    public IReadOnlyList<AlertEvidence> Evidence { get; init; } = [];

    /// <summary>The store's change counter at this alert's last change (0 before it was stored).</summary>
    public long Version { get; init; }

    public bool IsOpen => Status is AlertStatus.Firing or AlertStatus.Acknowledged;

    public string Job => Labels.GetValueOrDefault("job", string.Empty);
}
