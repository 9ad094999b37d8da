namespace Monitor.Web.Fleet;

/// <summary>
/// One pipeline as the fleet overview shows it (<c>fleet_update</c>): what ranks it among the others,
/// without its per-stage figures. Every client gets the fleet summary; the full metrics of a
/// pipeline go only to the clients watching it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Maintainability", "CA1515", Justification = "Sent on the hub: MessagePack's contractless resolver writes public types only.")]
public sealed record PipelineSummary(string Job, double ErrorRate, long SampleCount, bool IsRunning, DateTimeOffset? LastActivity);
