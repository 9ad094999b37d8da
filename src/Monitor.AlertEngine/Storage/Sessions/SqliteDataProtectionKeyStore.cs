using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Storage.Sqlite;

namespace Monitor.AlertEngine.Storage.Sessions;

/// <summary>Data Protection keys in the SQLite file (migration 0004).</summary>
internal sealed class SqliteDataProtectionKeyStore(string connectionString) : IDataProtectionKeyStore
{
    private readonly string _connectionString = SqliteConnections.Prepare(connectionString);

    public IReadOnlyList<string> GetAll()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY name")];
    }

    public void Store(string name, string xml)
    {
        using var connection = new SqliteConnection(_connectionString) { DefaultTimeout = 10 };
        connection.Open();
        connection.Execute("INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", new { name, xml });
    }
}
