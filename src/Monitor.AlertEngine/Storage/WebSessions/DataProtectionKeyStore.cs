using Dapper;

namespace Monitor.AlertEngine.Storage.WebSessions;

/// <summary>Data Protection's key ring in the monitor's database (migration 0004), on whichever engine; synchronous, as ASP.NET Core's key repository is.</summary>
internal sealed class DataProtectionKeyStore(StoreEngine engine) : IDataProtectionKeyStore
{
    private readonly ISessionStatements _statements = engine.Sessions;

    public IReadOnlyList<string> GetAll()
    {
        using var connection = engine.Open();
        return [.. connection.Query<string>(_statements.AllKeys)];
    }

    public void Store(string name, string xml)
    {
        using var connection = engine.Open();
        connection.Execute(_statements.StoreKey, new { name, xml });
    }
}
