using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>One page of alerts, newest first, and how many match in all.</summary>
public sealed record AlertPage(IReadOnlyList<PerformanceAlert> Items, long Total, int Page, int PageSize);
