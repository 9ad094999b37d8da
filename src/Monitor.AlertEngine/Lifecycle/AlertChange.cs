using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>An alert as a write left it in the store, the history steps that write added, and why.</summary>
internal sealed record AlertChange(PerformanceAlert Alert, IReadOnlyList<AlertTransition> Transitions, long ArrivalTimestamp = 0);
