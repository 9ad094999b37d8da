using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>SQLite answers a text search from its trigram index (migration 0006), not by reading every alert.</summary>
public sealed class SqliteSearchIndexTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TextSearch_UsesTheTrigramIndex()
    {
        using var test = await StoreEngines.CreateAsync(StorageOptions.Sqlite);
        await test.Store.ApplyAsync([Alerts.Breach(job: "indexed")], Cancel);
        await using var connection = new SqliteConnection($"Data Source={test.SqliteFile}");

        var plan = string.Join('\n', (await connection.QueryAsync(
            "EXPLAIN QUERY PLAN SELECT id FROM alerts WHERE rowid IN (SELECT rowid FROM alert_search WHERE alert_search MATCH '\"index\"')"))
            .Select(step => (string)step.detail));
        var found = await connection.QueryAsync<string>("SELECT job FROM alerts WHERE rowid IN (SELECT rowid FROM alert_search WHERE alert_search MATCH '\"NDEXE\"')");

        Assert.Contains("VIRTUAL TABLE INDEX", plan, StringComparison.Ordinal);
        Assert.Equal(["indexed"], found);
    }

    [Fact]
    public async Task Retention_DeletesTheSearchEntriesOfTheAlertsItDeletes()
    {
        using var test = await StoreEngines.CreateAsync(StorageOptions.Sqlite);
        var breach = Alerts.Breach(job: "kept-for-a-while");
        await test.Store.ApplyAsync([breach, Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddMinutes(5))], Cancel);

        await test.Store.DeleteClosedBeforeAsync(Alerts.T0.AddDays(1), Cancel);

        await using var connection = new SqliteConnection($"Data Source={test.SqliteFile}");
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_search WHERE alert_search MATCH '\"kept-for\"'"));
    }
}
