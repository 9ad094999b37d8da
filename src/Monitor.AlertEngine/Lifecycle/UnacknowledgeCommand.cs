namespace Monitor.AlertEngine.Lifecycle;

/// <summary>Withdraw the acknowledgement of alert <see cref="Id"/>, as <see cref="Actor"/>, saying why in <see cref="Comment"/>.</summary>
internal sealed record UnacknowledgeCommand(string Id, string Actor, string? Comment, DateTimeOffset At);
