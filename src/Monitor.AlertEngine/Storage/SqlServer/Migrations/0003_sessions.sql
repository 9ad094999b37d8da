-- Signed-in sessions of the UI: the cookie holds a random key, the row its ticket (who, which
-- role), found by the key's SHA-256. Signing out deletes the row, so a replayed cookie is refused.
CREATE TABLE dbo.auth_sessions (
    key_hash   char(64)          NOT NULL CONSTRAINT pk_auth_sessions PRIMARY KEY CLUSTERED,
    ticket     varbinary(max)    NOT NULL,
    expires_at datetimeoffset(3) NOT NULL
);

CREATE NONCLUSTERED INDEX ix_auth_sessions_expires_at ON dbo.auth_sessions (expires_at);
