using Monitor.AlertEngine.Storage.WebSessions;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>Sessions (dbo.auth_sessions, migration 0003) and Data Protection keys (migration 0004) in SQL Server.</summary>
internal sealed class SqlServerSessionStatements : ISessionStatements
{
    // UPDLOCK + HOLDLOCK: two replicas renewing one session never both insert it.
    public string Save => """
        UPDATE dbo.auth_sessions WITH (UPDLOCK, HOLDLOCK) SET ticket = @ticket, expires_at = @expiresAt WHERE key_hash = @keyHash;
        IF @@ROWCOUNT = 0
            INSERT INTO dbo.auth_sessions (key_hash, ticket, expires_at) VALUES (@keyHash, @ticket, @expiresAt);
        """;

    public string Find => "SELECT ticket FROM dbo.auth_sessions WHERE key_hash = @keyHash AND expires_at > @now;";

    public string Remove => "DELETE FROM dbo.auth_sessions WHERE key_hash = @keyHash;";

    public string DeleteExpired => "DELETE FROM dbo.auth_sessions WHERE expires_at <= @now;";

    public string AllKeys => "SELECT xml FROM dbo.data_protection_keys ORDER BY name;";

    public string StoreKey => """
        IF NOT EXISTS (SELECT 1 FROM dbo.data_protection_keys WITH (UPDLOCK, HOLDLOCK) WHERE name = @name)
            INSERT INTO dbo.data_protection_keys (name, xml) VALUES (@name, @xml);
        """;
}
