using Monitor.AlertEngine.Storage.WebSessions;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>Sessions (table auth_sessions, migration 0003) and Data Protection keys (migration 0004) in the SQLite file.</summary>
internal sealed class SqliteSessionStatements : ISessionStatements
{
    public string Save => """
        INSERT INTO auth_sessions (key_hash, ticket, expires_at) VALUES (@keyHash, @ticket, @expiresAt)
        ON CONFLICT (key_hash) DO UPDATE SET ticket = excluded.ticket, expires_at = excluded.expires_at
        """;

    public string Find => "SELECT ticket FROM auth_sessions WHERE key_hash = @keyHash AND expires_at > @now";

    public string Remove => "DELETE FROM auth_sessions WHERE key_hash = @keyHash";

    public string DeleteExpired => "DELETE FROM auth_sessions WHERE expires_at <= @now";

    public string AllKeys => "SELECT xml FROM data_protection_keys ORDER BY name";

    public string StoreKey => "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING";
}
