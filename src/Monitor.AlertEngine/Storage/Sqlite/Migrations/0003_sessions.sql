-- Signed-in sessions of the UI: the cookie holds a random key, the row its ticket (who, which
-- role), found by the key's SHA-256. Signing out deletes the row, so a replayed cookie is refused.
CREATE TABLE auth_sessions (
    key_hash   TEXT    NOT NULL PRIMARY KEY,
    ticket     BLOB    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_auth_sessions_expires_at ON auth_sessions (expires_at);
