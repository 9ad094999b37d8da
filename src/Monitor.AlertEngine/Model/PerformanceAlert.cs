namespace Monitor.AlertEngine.Model;

/// <summary>
/// The seed's PerformanceAlert, with its lifecycle: one open alert per <see cref="Fingerprint"/>
/// (rule + scope labels); repeated breaches raise <see cref="Count"/> and <see cref="LastSeen"/>.
/// </summary>
public sealed record PerformanceAlert
{
    public required string Id { get; init; }

    /// <summary>The rule that raised it (error_rate, slow_module, a custom rule's name, ...).</summary>
    public required string Type { get; init; }

    public required string Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>When it first fired.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public string? ModuleId { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>The breaching value and the thresholds it was compared with.</summary>
    public IReadOnlyDictionary<string, double> Data { get; init; } = new Dictionary<string, double>();

    public bool Acknowledged => Status == AlertStatus.Acknowledged;

    public required string Status { get; init; }

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

    /// <summary>Up to <see cref="AlertEvidence.MaxItems"/> breaching spans, newest last.</summary>
    public IReadOnlyList<AlertEvidence> Evidence { get; init; } = [];

    public bool IsOpen => AlertStatus.IsOpen(Status);
}

/// <summary>A span behind an alert: go from the alert to its trace.</summary>
public sealed record AlertEvidence(string TraceId, string SpanId)
{
    public const int MaxItems = 5;
}

/// <summary>An alert's lifecycle states.</summary>
public static class AlertStatus
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Expired = "expired";

    public static bool IsOpen(string status) => status is Firing or Acknowledged;
}

/// <summary>Severities, in rising order.</summary>
public static class AlertSeverity
{
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static int Rank(string severity) => severity == Critical ? 2 : 1;
}
