namespace Monitor.AlertEngine.Storage.Sessions;

/// <summary>The T-SQL of the session store (parsed by a test like every statement the store sends).</summary>
internal static class SessionStatements
{
    // UPDLOCK + HOLDLOCK: two replicas renewing one session never both insert it.
    public const string Save = """
        SET XACT_ABORT ON;
        BEGIN TRANSACTION;
        UPDATE dbo.auth_sessions WITH (UPDLOCK, HOLDLOCK) SET ticket = @ticket, expires_at = @expiresAt WHERE key_hash = @keyHash;
        IF @@ROWCOUNT = 0
            INSERT INTO dbo.auth_sessions (key_hash, ticket, expires_at) VALUES (@keyHash, @ticket, @expiresAt);
        COMMIT TRANSACTION;
        """;

    public const string Find = "SELECT ticket FROM dbo.auth_sessions WHERE key_hash = @keyHash AND expires_at > @now;";

    public const string Remove = "DELETE FROM dbo.auth_sessions WHERE key_hash = @keyHash;";

    public const string DeleteExpired = "DELETE FROM dbo.auth_sessions WHERE expires_at <= @now;";

    public const string AllKeys = "SELECT xml FROM dbo.data_protection_keys ORDER BY name;";

    // A key is written once, by the replica that made it; a second write of the same name is ignored.
    public const string StoreKey = """
        IF NOT EXISTS (SELECT 1 FROM dbo.data_protection_keys WITH (UPDLOCK, HOLDLOCK) WHERE name = @name)
            INSERT INTO dbo.data_protection_keys (name, xml) VALUES (@name, @xml);
        """;
}
