using Dapper;
using Microsoft.Data.SqlClient;

namespace Monitor.AlertEngine.Storage.Sessions;

/// <summary>Data Protection keys in SQL Server (migration 0004).</summary>
internal sealed class SqlServerDataProtectionKeyStore(string connectionString) : IDataProtectionKeyStore
{
    public IReadOnlyList<string> GetAll()
    {
        using var connection = new SqlConnection(connectionString);
        connection.Open();
        return [.. connection.Query<string>(SessionStatements.AllKeys)];
    }

    public void Store(string name, string xml)
    {
        using var connection = new SqlConnection(connectionString);
        connection.Open();
        connection.Execute(SessionStatements.StoreKey, new { name, xml });
    }
}
