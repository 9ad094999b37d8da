using Dapper;

namespace Monitor.AlertEngine.Storage.WebSessions;

/// <summary>The web host's sign-in sessions in the monitor's database, on whichever engine.</summary>
internal sealed class SessionStore(StoreEngine engine) : ISessionStore
{
    private readonly ISessionStatements _statements = engine.Sessions;

    public Task SaveAsync(string keyHash, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        engine.ExecuteWriteAsync(_statements.Save, new { keyHash, ticket, expiresAt }, cancellationToken);

    public async Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(engine.Command(_statements.Find, new { keyHash, now }, cancellationToken));
    }

    public Task RemoveAsync(string keyHash, CancellationToken cancellationToken) =>
        engine.ExecuteAsync(_statements.Remove, new { keyHash }, cancellationToken);

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(engine.Maintenance(_statements.DeleteExpired, new { now }, cancellationToken));
    }
}
