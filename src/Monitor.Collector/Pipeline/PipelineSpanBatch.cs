using System.Diagnostics;

namespace Monitor.Collector.Pipeline;

/// <summary>The pipeline spans of one export request, with the moment the receiver accepted them.</summary>
/// <param name="Spans">The request's pipeline spans, in the order they came.</param>
/// <param name="ReceivedTimestamp"><see cref="Stopwatch.GetTimestamp"/> at acceptance, for the latency of each later hop.</param>
public sealed record PipelineSpanBatch(PipelineSpan[] Spans, long ReceivedTimestamp)
{
    /// <summary>The request's run root spans (<c>pipeline run</c>), which are no stage's span.</summary>
    public RunRootSpan[] Roots { get; init; } = [];

    public TimeSpan Age => Stopwatch.GetElapsedTime(ReceivedTimestamp);
}
