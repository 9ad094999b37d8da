using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>
/// Runs in the alert store: when each pipeline's latest run started (for the expected-run check on
/// every replica, across restarts) and the last ended runs of each pipeline (for the console and
/// the API on any replica). Written by the replica that saw the run.
/// </summary>
internal interface IRunStore : IRunHistory
{
    /// <summary>Records a run start; an earlier start than the one stored changes nothing.</summary>
    Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>The latest run start of every pipeline, and since when the store keeps them.</summary>
    Task<StoredRunStarts> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Keeps an ended run (again: no change) and drops the pipeline's runs past the <paramref name="keep"/> latest.</summary>
    Task RecordEndedAsync(PipelineRun run, int keep, CancellationToken cancellationToken);
}
