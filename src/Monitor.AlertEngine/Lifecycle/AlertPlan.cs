using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>A decided change: the alert to store (<see cref="IsNew"/>: insert, else update) and its history steps.</summary>
internal sealed record AlertPlan(PerformanceAlert Alert, IReadOnlyList<AlertTransition> Transitions, bool IsNew = false);
