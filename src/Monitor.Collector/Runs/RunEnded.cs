namespace Monitor.Collector.Runs;

/// <summary>A run that just ended, with what the run checks need to judge it.</summary>
/// <param name="ConsecutiveFailures">Runs of the pipeline in a row, this one included, that did not succeed (0 when it succeeded).</param>
/// <param name="EarlierDurations">Durations of the pipeline's earlier succeeded runs the monitor keeps, oldest first.</param>
public sealed record RunEnded(PipelineRun Run, int ConsecutiveFailures, IReadOnlyList<TimeSpan> EarlierDurations);
