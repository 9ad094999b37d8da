namespace Monitor.AlertEngine.Storage.WebSessions;

/// <summary>
/// Data Protection's key ring in the monitor's database: every replica reads and writes the same
/// keys. Synchronous, as ASP.NET Core's key repository is; it is read at start and on key rotation.
/// </summary>
public interface IDataProtectionKeyStore
{
    IReadOnlyList<string> GetAll();

    /// <summary>Stores a key under <paramref name="name"/> (a key's id; a name is stored once).</summary>
    void Store(string name, string xml);
}
