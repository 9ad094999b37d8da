using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>
/// The embedded engine: one SQLite file (WAL), shared by every table the monitor keeps and by every
/// monitor process on that file. Writes are IMMEDIATE transactions (the file's write lock first), so
/// each change is decided on the row as it is, in this process or another one.
/// </summary>
internal sealed class SqliteEngine : StoreEngine
{
    // Short: a locked file must fail fast so that the write queue can retry with backoff, not hang a writer.
    private const int TimeoutSeconds = 2;

    private readonly string _connectionString;

    public SqliteEngine(string connectionString) => _connectionString = Prepare(connectionString);

    public override string Name => StorageOptions.Sqlite;

    public override int CommandTimeoutSeconds => TimeoutSeconds;

    public override int MaintenanceTimeoutSeconds => TimeoutSeconds;

    public override IAlertStatements Alerts { get; } = new SqliteAlertStatements();

    public override Runs.IRunStatements Runs { get; } = new SqliteRunStatements();

    public override Outbox.IOutboxStatements Outbox { get; } = new SqliteOutboxStatements();

    public override WebSessions.ISessionStatements Sessions { get; } = new SqliteSessionStatements();

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
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString) { DefaultTimeout = TimeoutSeconds };
        await connection.OpenAsync(cancellationToken);
        if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            // SQLite opens a file it may not write read-only and the connection stays so; the pool
            // would hand out such connections after the file is writable again, and every alert
            // write would fail until a restart. Drop them and open afresh (read-only again only
            // while the file still is).
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync();
            connection = new SqliteConnection(_connectionString) { DefaultTimeout = TimeoutSeconds };
            await connection.OpenAsync(cancellationToken);
        }
        // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9), only the last
        // commits may roll back on power loss; FULL syncs the WAL on every commit, which made each
        // alert write wait for the disk (docs/performance.md, "Acknowledge under load").
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    // Data Protection's key ring is read at start and on rotation: a longer wait for the lock is fine there.
    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString) { DefaultTimeout = 10 };
        connection.Open();
        return connection;
    }

    public override async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        // WAL is a property of the file: readers never block the writer, and it survives restarts.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;");
        foreach (var (version, name, sql) in Migrations.For(Name))
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes never apply one migration twice.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = DateTimeOffset.UtcNow }, transaction, cancellationToken: cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        // A write lock, not just a read: a file locked by another writer is "not reachable" for us.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteScalarAsync<long>(Command("SELECT count(*) FROM schema_migrations", null, cancellationToken, transaction));
        await transaction.RollbackAsync(cancellationToken);
    }

    // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH: the same statement fails again; busy,
    // locked, read-only and I/O errors pass with the store's state.
    public override bool RefusesForItsData(Exception error) => error is SqliteException { SqliteErrorCode: 18 or 19 or 20 };
}
