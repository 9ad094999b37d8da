using System.Data.Common;
using Dapper;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The one seam between the stores and a database engine: how to open a connection (to the primary,
/// or to a read replica for the console's queries), how long a command may take, how to run a write
/// transaction, how to migrate, and which errors mean "the same write would fail again". Each store
/// (alerts, runs, the outbox, the web host's sessions and keys) takes an engine and that engine's
/// statements for it, so a store is written once and the engine is chosen once, at registration.
/// </summary>
internal abstract class StoreEngine
{
    static StoreEngine() => StoreTime.Register();

    /// <summary>Sqlite or SqlServer (<see cref="StorageOptions"/>).</summary>
    public abstract string Name { get; }

    /// <summary>How long an ordinary command may take before it fails (and the caller's retry or backoff takes over).</summary>
    public abstract int CommandTimeoutSeconds { get; }

    /// <summary>How long a clean-up (retention, expired sessions) may take.</summary>
    public abstract int MaintenanceTimeoutSeconds { get; }

    public abstract IAlertStatements Alerts { get; }

    public abstract Runs.IRunStatements Runs { get; }

    public abstract Outbox.IOutboxStatements Outbox { get; }

    public abstract WebSessions.ISessionStatements Sessions { get; }

    /// <summary>The engine of the configured store.</summary>
    public static StoreEngine For(StorageOptions options) => options.Provider == StorageOptions.SqlServer
        ? new SqlServer.SqlServerEngine(options.ConnectionString, options.ReadConnectionString)
        : new Sqlite.SqliteEngine(options.ConnectionString);

    /// <summary>A connection to the primary, open.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A connection for reads that may lag the primary a little (the console's queries); the primary when there is no replica.</summary>
    public virtual Task<DbConnection> OpenForReadingAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>A connection to the primary, open, for callers that cannot wait asynchronously (Data Protection's key ring).</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it: on SQLite one that holds
    /// the file's write lock from its start, on SQL Server read committed with the loser of a race
    /// (a deadlock, the same new row inserted first elsewhere) run again whole.
    /// </summary>
    public abstract Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Applies the versioned migrations (<c>Storage/{Name}/Migrations</c>) not applied yet, one migrator at a time.</summary>
    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached, or (SQLite) written.</summary>
    public abstract Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the engine refused a write for what it holds (a constraint, a value it cannot take),
    /// so that the same write would fail again; anything else (unreachable, locked, read-only, busy)
    /// is the store's state and passes.
    /// </summary>
    public abstract bool RefusesForItsData(Exception error);

    /// <summary>A command with this engine's timeout.</summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters, transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken);

    /// <summary>A clean-up command, with this engine's longer timeout.</summary>
    public CommandDefinition Maintenance(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, commandTimeout: MaintenanceTimeoutSeconds, cancellationToken: cancellationToken);

    /// <summary>Runs one statement in a write transaction.</summary>
    public Task<int> ExecuteWriteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        InWriteTransactionAsync((connection, transaction) => connection.ExecuteAsync(Command(sql, parameters, cancellationToken, transaction)), cancellationToken);

    /// <summary>Runs one statement on its own connection (no explicit transaction).</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }
}
