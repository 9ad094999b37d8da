using Microsoft.Data.Sqlite;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>Connections to the monitor's SQLite file, made the same way for every table the monitor keeps there.</summary>
internal static class SqliteConnections
{
    /// <summary>The connection string with pooling and foreign keys; the file's folder is created.</summary>
    public static string Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, ForeignKeys = true };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal)
            && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        return builder.ToString();
    }

    // Microsoft.Data.Sqlite runs every call synchronously on the local file (its async methods
    // too); BEGIN IMMEDIATE (deferred: false) takes the write lock up front, waiting at most the timeout.
    public static async Task<SqliteConnection> OpenAsync(string connectionString, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString) { DefaultTimeout = timeoutSeconds };
        await connection.OpenAsync(cancellationToken);
        if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            // SQLite opens a file it may not write read-only and the connection stays so; the pool
            // would hand out such connections after the file is writable again, and every alert
            // write would fail until a restart. Drop them and open afresh (read-only again only
            // while the file still is).
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync();
            connection = new SqliteConnection(connectionString) { DefaultTimeout = timeoutSeconds };
            await connection.OpenAsync(cancellationToken);
        }
        // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9), only the last
        // commits may roll back on power loss; FULL syncs the WAL on every commit, which made each
        // alert write wait for the disk (acknowledge p99 862 ms -> see docs/performance.md).
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }
}
