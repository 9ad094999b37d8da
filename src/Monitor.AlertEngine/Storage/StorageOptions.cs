namespace Monitor.AlertEngine.Storage;

/// <summary>The alert store, bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary>Sqlite (embedded default) or SqlServer.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Default: a SQLite file under ./data.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/monitor.db";

    /// <summary>Optional read replica for read-only queries (SQL Server).</summary>
    public string? ReadConnectionString { get; set; }
}
