
namespace Monitor.AlertEngine.Model;

/// <summary>The result and the alert as it stands after it (null when not found).</summary>
public sealed record UnacknowledgeOutcome(UnacknowledgeResult Result, PerformanceAlert? Alert);
