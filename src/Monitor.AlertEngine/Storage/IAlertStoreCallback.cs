using Monitor.AlertEngine.Lifecycle;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// What the alert store tells after every write transaction it committed: the changes made, as
/// stored. The one way a change is published (Alertmanager's <c>AlertStoreCallback</c> plays this
/// part there): whoever wrote it, the write queue, an admin's acknowledgement, a recorded silence,
/// nothing publishes a change by hand.
/// </summary>
internal interface IAlertStoreCallback
{
    /// <summary>Called on the writer's thread, after the commit, with at least one change.</summary>
    void Committed(IReadOnlyList<AlertChange> changes);
}
