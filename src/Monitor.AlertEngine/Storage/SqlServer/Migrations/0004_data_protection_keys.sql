-- The keys that protect the UI's session cookies, shared by every replica of the monitor (a cookie
-- issued by one replica must open on the next), as ASP.NET Core Data Protection writes them.
CREATE TABLE dbo.data_protection_keys (
    name nvarchar(200) NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY CLUSTERED,
    xml  nvarchar(max) NOT NULL
);
