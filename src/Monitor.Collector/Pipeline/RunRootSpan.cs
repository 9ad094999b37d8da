namespace Monitor.Collector.Pipeline;

/// <summary>
/// The root span of a run (named <c>pipeline run</c>, no stage of its own): it ends the run. Its
/// run id is its <c>pipeline.run.id</c>, or its trace id when it has none (its stage spans are its
/// children, in the same trace).
/// </summary>
public readonly record struct RunRootSpan(
    string Job,
    string? RunId,
    TraceId TraceId,
    SpanId SpanId,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    bool Failed)
{
    public string Key => RunId ?? TraceId.ToHexString();
}
