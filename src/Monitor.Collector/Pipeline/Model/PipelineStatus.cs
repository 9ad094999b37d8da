namespace Monitor.Collector.Pipeline.Model;

/// <summary>
/// The seed's PipelineStatus for one pipeline. <see cref="IsRunning"/>: telemetry arrived within
/// the window. <see cref="Uptime"/>: seconds since it started running, as seen by this monitor.
/// The module and resource counts are the values the pipeline reports (summed over instances).
/// </summary>
public sealed record PipelineStatus(
    string Job,
    bool IsRunning,
    long ActiveModules,
    long QueuedModules,
    long ResourcesInProgress,
    DateTimeOffset? LastActivity,
    long Uptime);
