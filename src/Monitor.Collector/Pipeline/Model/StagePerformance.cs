namespace Monitor.Collector.Pipeline.Model;

/// <summary>One stage's figures in the window (times in milliseconds).</summary>
/// <param name="P95Time">The 95th percentile of the stage's span durations, estimated from the buckets of <c>pipeline_stage_duration_seconds</c>.</param>
public sealed record StagePerformance(long Count, long Failed, double ErrorRate, double AverageTime, double MaxTime, double P95Time);
