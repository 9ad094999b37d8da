using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The Alert Store, the truth about alerts. Every change is a conditional write decided against
/// the stored row (<see cref="AlertDecisions"/>), and moves the alert's <see cref="PerformanceAlert.Version"/>,
/// a counter over the whole store, so that a replica can ask for everything changed since the
/// last version it saw.
/// </summary>
internal interface IAlertStore : IAlertHistory
{
    /// <summary>Sqlite or SqlServer.</summary>
    string Provider { get; }

    /// <summary>Applies the versioned migrations this store has not seen yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Applies intents in order, in one transaction; returns the changes they made (an intent may make none).</summary>
    Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken);

    /// <summary>Acknowledges an open alert that is not acknowledged yet; the change is null when nothing changed.</summary>
    Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken);

    /// <summary>Withdraws the acknowledgement of an open alert; the change is null when nothing changed.</summary>
    Task<(UnacknowledgeOutcome Outcome, AlertChange? Change)> UnacknowledgeAsync(UnacknowledgeCommand command, CancellationToken cancellationToken);

    /// <summary>Records the Alertmanager silence of an alert's acknowledgement (null: none); the change is null when the alert is gone.</summary>
    Task<AlertChange?> RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken);

    Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken);

    /// <summary>The highest version in the store (0 when empty).</summary>
    Task<long> GetLatestVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Alerts whose version is above <paramref name="version"/>, oldest change first, at most
    /// <paramref name="limit"/>; only versions whose writes have all committed.
    /// </summary>
    Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes closed alerts (and their history) that fired before <paramref name="before"/>.</summary>
    Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached or written.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the engine refused a write for what it holds (a constraint, a value it cannot
    /// take), so that the same write would fail again; anything else (unreachable, locked,
    /// read-only, busy) is the store's state and passes.
    /// </summary>
    bool RefusesForItsData(Exception error);
}
