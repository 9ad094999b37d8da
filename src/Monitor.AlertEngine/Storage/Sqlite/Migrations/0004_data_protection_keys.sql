-- The keys that protect the UI's session cookies, shared by every replica of the monitor (a cookie
-- issued by one replica must open on the next), as ASP.NET Core Data Protection writes them.
CREATE TABLE data_protection_keys (
    name TEXT NOT NULL PRIMARY KEY,
    xml  TEXT NOT NULL
) STRICT;
