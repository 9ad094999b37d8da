using Monitor.Collector.Pipeline;

namespace Monitor.Collector.Runs;

/// <summary>One run of a pipeline, active or ended, as the monitor saw it.</summary>
/// <param name="Stages">The stages it sent a span for, in pipeline order.</param>
/// <param name="TraceId">The trace of its root span, or of its first span when it has no root span.</param>
/// <param name="RootSpanId">Its root span, once that ended it.</param>
/// <param name="LastSpanAt">When the monitor last received one of its spans (the monitor's clock).</param>
public sealed record PipelineRun(
    string Job,
    string RunId,
    string TraceId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset LastSpanAt,
    IReadOnlyList<PipelineStage> Stages,
    RunOutcome? Outcome,
    string? RootSpanId = null)
{
    public bool Active => Outcome is null;

    /// <summary>How long it ran: to its end, or to its last span while active or abandoned.</summary>
    public TimeSpan Duration => (EndedAt ?? LastSpanAt) - StartedAt;
}
