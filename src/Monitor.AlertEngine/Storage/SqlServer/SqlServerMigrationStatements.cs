namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>The T-SQL of SQL Server's migrations and ping.</summary>
internal static class SqlServerMigrationStatements
{
    public const string Lock =
        "EXEC sp_getapplock @Resource = 'pipeline-monitor-migrations', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;";

    public const string CreateTable = """
        IF OBJECT_ID('dbo.schema_migrations') IS NULL
            CREATE TABLE dbo.schema_migrations (version int NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                name varchar(200) NOT NULL, applied_at datetimeoffset(3) NOT NULL);
        """;

    public const string Applied = "SELECT COUNT(*) FROM dbo.schema_migrations WHERE version = @version;";

    public const string Record = "INSERT INTO dbo.schema_migrations (version, name, applied_at) VALUES (@version, @name, SYSDATETIMEOFFSET());";

    public const string Ping = "SELECT COUNT(*) FROM dbo.schema_migrations;";
}
