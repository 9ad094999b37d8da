namespace Monitor.AlertEngine.Lifecycle;

/// <summary>Acknowledge alert <see cref="Id"/> as <see cref="Actor"/>, for <see cref="Duration"/> (null: until it resolves).</summary>
internal sealed record AcknowledgeCommand(string Id, string Actor, string? Comment, TimeSpan? Duration, DateTimeOffset At);
