using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Filters of GET /api/alerts (null: any) and the page wanted. <see cref="From"/> / <see cref="To"/>
/// select the alerts that were open at some moment of that range; <see cref="OpenOnly"/> those open
/// now (firing or acknowledged).
/// </summary>
public sealed record AlertQuery(
    AlertStatus? Status = null,
    AlertSeverity? Severity = null,
    string? Job = null,
    string? Type = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = 50,
    bool OpenOnly = false)
{
    public const int MaxPageSize = 500;

    public int Offset => (Page - 1) * PageSize;
}
