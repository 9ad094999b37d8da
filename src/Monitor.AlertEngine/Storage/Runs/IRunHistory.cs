using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>The ended runs the store keeps, for readers outside the engine (the REST API); the engine writes them.</summary>
public interface IRunHistory
{
    /// <summary>The pipeline's ended runs, latest first.</summary>
    Task<IReadOnlyList<PipelineRun>> EndedRunsAsync(string job, int limit, CancellationToken cancellationToken);

    /// <summary>The latest ended run of every pipeline.</summary>
    Task<IReadOnlyList<PipelineRun>> LastRunsAsync(CancellationToken cancellationToken);
}
