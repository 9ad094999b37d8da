namespace Monitor.AlertEngine.Model;

/// <summary>A span behind an alert: go from the alert to its trace.</summary>
public sealed record AlertEvidence(string TraceId, string SpanId)
{
    public const int MaxItems = 5;
}
