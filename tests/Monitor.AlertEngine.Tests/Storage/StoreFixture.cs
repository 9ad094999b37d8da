using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// The engines the store contract runs on: SQLite (a real file) always; SQL Server when
/// MONITOR_TEST_SQLSERVER holds a connection string (no SQL Server can run on these machines).
/// </summary>
public static class StoreEngines
{
    public const string SqlServerVariable = "MONITOR_TEST_SQLSERVER";

    public static TheoryData<string> All => new(StorageOptions.Sqlite, StorageOptions.SqlServer);

    /// <summary>A fresh, migrated store; SQL Server tests skip with the reason when no server is configured.</summary>
    internal static async Task<TestStore> CreateAsync(string engine, IDeliveryPlanner? planner = null, IAlertStoreCallback? callback = null)
    {
        if (engine == StorageOptions.SqlServer)
        {
            var connection = Environment.GetEnvironmentVariable(SqlServerVariable);
            if (string.IsNullOrWhiteSpace(connection))
            {
                Assert.Skip($"SQL Server contract run needs {SqlServerVariable}=<connection string> (no SQL Server runs on these machines)");
            }
            var sqlServer = StoreEngine.For(new StorageOptions { Provider = StorageOptions.SqlServer, ConnectionString = connection });
            await sqlServer.MigrateAsync(TestContext.Current.CancellationToken);
            return new TestStore(sqlServer, new AlertStore(sqlServer, planner, callback), () => { });
        }
        var directory = Directory.CreateTempSubdirectory("alert-store-");
        var path = Path.Combine(directory.FullName, "alerts.db");
        var sqlite = StoreEngine.For(new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = $"Data Source={path}" });
        await sqlite.MigrateAsync(TestContext.Current.CancellationToken);
        return new TestStore(sqlite, new AlertStore(sqlite, planner, callback), () =>
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }, path);
    }
}

/// <summary>A store for one test, its engine (for the other stores of the same database), and its clean-up.</summary>
internal sealed class TestStore(StoreEngine engine, IAlertStore store, Action cleanUp, string? sqliteFile = null) : IDisposable
{
    public StoreEngine Engine => engine;

    public IAlertStore Store => store;

    /// <summary>The notification outbox of the same database.</summary>
    public INotificationOutbox Outbox { get; } = new NotificationOutbox(engine);

    public string? SqliteFile => sqliteFile;

    public void Dispose() => cleanUp();
}
