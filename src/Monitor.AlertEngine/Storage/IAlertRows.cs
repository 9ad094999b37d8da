using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The row operations an engine offers inside one of its write transactions. Reads lock what they
/// read until the transaction ends (SQLite: the transaction holds the database's write lock;
/// SQL Server: UPDLOCK, HOLDLOCK), so a decision and its write see the same row.
/// </summary>
internal interface IAlertRows
{
    Task<PerformanceAlert?> OpenByFingerprintAsync(string fingerprint, CancellationToken cancellationToken);

    Task<PerformanceAlert?> ByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Inserts a new alert; returns its version.</summary>
    Task<long> InsertAsync(PerformanceAlert alert, CancellationToken cancellationToken);

    /// <summary>Updates the alert if it is still at <paramref name="expectedVersion"/>; returns the new version, or null when it moved.</summary>
    Task<long?> UpdateAsync(PerformanceAlert alert, long expectedVersion, CancellationToken cancellationToken);

    Task AddTransitionsAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancellationToken);

    /// <summary>Queues notifications in the outbox, in the transaction of the change they report.</summary>
    Task AddDeliveriesAsync(IReadOnlyList<NotificationDelivery> deliveries, CancellationToken cancellationToken);
}
