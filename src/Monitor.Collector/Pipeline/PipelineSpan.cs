namespace Monitor.Collector.Pipeline;

/// <summary>
/// One pipeline span, decoded from OTLP (the seed's "pipeline event"). Strings are the decoded
/// request's own instances and ids are numbers, so building one allocates nothing beyond the batch array.
/// </summary>
public readonly record struct PipelineSpan(
    string Job,
    string Instance,
    PipelineStage Stage,
    bool Failed,
    double DurationSeconds,
    DateTimeOffset EndTime,
    TraceId TraceId,
    SpanId SpanId,
    string? ModuleId,
    string? ResourceId,
    string? ResourceType,
    double? QualityScore,
    string? Model,
    long InputTokens,
    long OutputTokens,
    string? RunId = null,
    bool HasParent = false)
{
    /// <summary>When the span started (its end less its duration).</summary>
    public DateTimeOffset StartTime => EndTime - TimeSpan.FromSeconds(DurationSeconds);
}
