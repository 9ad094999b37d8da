namespace Monitor.AlertEngine.Storage.WebSessions;

/// <summary>
/// Server-side sessions of the UI, in the monitor's database so that every replica sees a
/// sign-in and a sign-out at once. Keys arrive hashed: the table holds nothing a cookie could be made from.
/// </summary>
public interface ISessionStore
{
    /// <summary>Creates or replaces the session.</summary>
    Task SaveAsync(string keyHash, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The session's ticket, or null when it does not exist or expired before <paramref name="now"/>.</summary>
    Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task RemoveAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Deletes sessions expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
