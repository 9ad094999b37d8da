using Dapper;
using Monitor.AlertEngine.Storage.Sqlite;

namespace Monitor.AlertEngine.Storage.Sessions;

/// <summary>Sessions in the SQLite file (table auth_sessions, migration 0003).</summary>
internal sealed class SqliteSessionStore(string connectionString) : ISessionStore
{
    private const int TimeoutSeconds = 2;

    private readonly string _connectionString = SqliteConnections.Prepare(connectionString);

    public async Task SaveAsync(string keyHash, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, TimeoutSeconds, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO auth_sessions (key_hash, ticket, expires_at) VALUES (@keyHash, @ticket, @expiresAt)
            ON CONFLICT (key_hash) DO UPDATE SET ticket = excluded.ticket, expires_at = excluded.expires_at
            """, new { keyHash, ticket, expiresAt = expiresAt.ToUnixTimeMilliseconds() }, commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, TimeoutSeconds, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT ticket FROM auth_sessions WHERE key_hash = @keyHash AND expires_at > @now",
            new { keyHash, now = now.ToUnixTimeMilliseconds() }, commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task RemoveAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, TimeoutSeconds, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM auth_sessions WHERE key_hash = @keyHash", new { keyHash },
            commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, TimeoutSeconds, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM auth_sessions WHERE expires_at <= @now",
            new { now = now.ToUnixTimeMilliseconds() }, commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken));
    }
}
