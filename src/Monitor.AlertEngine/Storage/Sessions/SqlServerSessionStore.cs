using Dapper;
using Microsoft.Data.SqlClient;

namespace Monitor.AlertEngine.Storage.Sessions;

/// <summary>Sessions in SQL Server (table dbo.auth_sessions, migration 0003).</summary>
internal sealed class SqlServerSessionStore(string connectionString) : ISessionStore
{
    private const int TimeoutSeconds = 5;

    public async Task SaveAsync(string keyHash, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SessionStatements.Save, new { keyHash, ticket, expiresAt },
            commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(SessionStatements.Find, new { keyHash, now },
            commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task RemoveAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SessionStatements.Remove, new { keyHash },
            commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SessionStatements.DeleteExpired, new { now },
            commandTimeout: 60, cancellationToken: cancellationToken));
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
