namespace Monitor.AlertEngine.Storage.RunStarts;

/// <summary>
/// When each pipeline's latest run started, in the alert store: written by the replica that saw
/// the run, read by every replica's expected-run check, kept across restarts.
/// </summary>
internal interface IRunStartStore
{
    /// <summary>Records a run start; an earlier start than the one stored changes nothing.</summary>
    Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>The latest run start of every pipeline, and since when the store keeps them.</summary>
    Task<StoredRunStarts> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The stored run starts; <paramref name="TrackingSince"/> is when the store began keeping them.</summary>
internal sealed record StoredRunStarts(IReadOnlyDictionary<string, DateTimeOffset> LastStarts, DateTimeOffset TrackingSince);
