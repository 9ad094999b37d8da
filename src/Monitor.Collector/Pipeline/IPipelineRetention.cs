namespace Monitor.Collector.Pipeline;

/// <summary>
/// Pipelines that must stay tracked though silent for longer than the tracker would keep them:
/// the silence itself is what someone watches (an open alert about the pipeline, an expected run).
/// Registered by whoever knows; the collector itself knows nothing of alerts or schedules.
/// </summary>
public interface IPipelineRetention
{
    /// <summary>The jobs to keep now; asked at most once per snapshot, and only when a pipeline went silent past its time.</summary>
    IReadOnlySet<string> KeptJobs();
}
