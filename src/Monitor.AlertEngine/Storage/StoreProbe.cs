namespace Monitor.AlertEngine.Storage;

/// <summary>What the last probe of the store found.</summary>
internal sealed record StoreProbe(bool Reachable, string Detail, DateTimeOffset At);
