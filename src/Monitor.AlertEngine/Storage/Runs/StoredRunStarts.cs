namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>The stored run starts; <paramref name="TrackingSince"/> is when the store began keeping them.</summary>
internal sealed record StoredRunStarts(IReadOnlyDictionary<string, DateTimeOffset> LastStarts, DateTimeOffset TrackingSince);
