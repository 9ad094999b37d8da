
namespace Monitor.AlertEngine.Model;

/// <summary>The result and the alert as it stands after it (null when not found).</summary>
public sealed record AcknowledgeOutcome(AcknowledgeResult Result, PerformanceAlert? Alert);
