namespace Monitor.AlertEngine.Storage;

/// <summary>Whether the alert store is migrated, for what outside the engine must wait on it (the Data Protection key ring).</summary>
public interface IAlertStoreReadiness
{
    /// <summary>Completes once the store is migrated.</summary>
    Task Ready { get; }
}
