using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The production engine: SQL Server through Microsoft.Data.SqlClient. Several monitor instances
/// write at once: statements lock what they decide on (UPDLOCK, HOLDLOCK), and a transaction that
/// loses a race (a deadlock, another instance inserting the same new row first) is run again whole.
/// The console's queries may go to a read replica (Storage:ReadConnectionString).
/// </summary>
internal sealed class SqlServerEngine(string connectionString, string? readConnectionString) : StoreEngine
{
    private const int TransactionAttempts = 3;

    public override string Name => StorageOptions.SqlServer;

    public override int CommandTimeoutSeconds => 5;

    public override int MaintenanceTimeoutSeconds => 60;

    public override IAlertStatements Alerts { get; } = new SqlServerAlertStatements();

    public override Runs.IRunStatements Runs { get; } = new SqlServerRunStatements();

    public override Outbox.IOutboxStatements Outbox { get; } = new SqlServerOutboxStatements();

    public override WebSessions.ISessionStatements Sessions { get; } = new SqlServerSessionStatements();

    public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(connectionString, cancellationToken);

    // The engine's own reads (open alerts, changes since a version) stay on the primary: it must see
    // every write, replica lag or not. Only the console's searches and histories read here.
    public override Task<DbConnection> OpenForReadingAsync(CancellationToken cancellationToken) =>
        OpenAsync(readConnectionString ?? connectionString, cancellationToken);

    public override DbConnection Open()
    {
        var connection = new SqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    public override async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            try
            {
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (SqlException error) when (attempt < TransactionAttempts && IsLostRace(error))
            {
                // Deadlock victim, or another instance inserted the open row of the same problem
                // first: the whole transaction runs again and now finds that row (disposing rolls back).
            }
        }
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One migrator at a time across every instance starting together.
        await connection.ExecuteAsync(new CommandDefinition(SqlServerMigrationStatements.Lock, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(SqlServerMigrationStatements.CreateTable, transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (version, name, sql) in Migrations.For(Name))
        {
            var applied = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                SqlServerMigrationStatements.Applied, new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(SqlServerMigrationStatements.Record, new { version, name }, transaction,
                    cancellationToken: cancellationToken));
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(Command(SqlServerMigrationStatements.Ping, null, cancellationToken));
    }

    // Constraint (547), NULL (515), truncation (8152, 2628), conversion (245, 8114), JSON check on labels (547 too).
    public override bool RefusesForItsData(Exception error) => error is SqlException { Number: 547 or 515 or 8152 or 2628 or 245 or 8114 };

    private static bool IsLostRace(SqlException error) => error.Number is 1205 or 2601 or 2627;

    private static async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
