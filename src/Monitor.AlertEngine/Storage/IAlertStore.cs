using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The Alert Store. Writes are upserts that respect "one open alert per fingerprint" even when
/// several monitor instances share the store: the row that comes back may be another instance's,
/// and its id is the one to use from then on.
/// </summary>
public interface IAlertStore
{
    /// <summary>Sqlite or SqlServer.</summary>
    string Provider { get; }

    /// <summary>Applies the versioned migrations this store has not seen yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes an alert and its new transitions in one transaction; returns the stored alert.</summary>
    Task<PerformanceAlert> WriteAsync(AlertWrite write, CancellationToken cancellationToken);

    /// <summary>Writes several alerts in one transaction (all or none); returns them as stored, in order.</summary>
    Task<IReadOnlyList<PerformanceAlert>> WriteManyAsync(IReadOnlyList<AlertWrite> writes, CancellationToken cancellationToken);

    Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken);

    Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PerformanceAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>An alert's transitions, oldest first.</summary>
    Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes closed alerts (and their history) that fired before <paramref name="before"/>.</summary>
    Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached or written.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>
/// An alert's state to store, the breaches counted since its last successful write
/// (<see cref="CountDelta"/>: added to the stored count, so two instances' counts add up) and
/// the transitions to append.
/// </summary>
public sealed record AlertWrite(PerformanceAlert Alert, long CountDelta, IReadOnlyList<AlertTransition> Transitions);

/// <summary>Filters of GET /api/alerts; null means any.</summary>
public sealed record AlertQuery(string? Status = null, string? Severity = null, DateTimeOffset? Since = null, string? Job = null, int Limit = 500);
