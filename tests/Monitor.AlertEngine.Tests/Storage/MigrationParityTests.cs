using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// Both engines' migrations match by number and purpose: a database of either engine at version N
/// holds the same tables. Versions are recorded in every deployed database, so a number is never
/// reused or moved; the one pair shipped out of step stays listed here and no other may join it.
/// </summary>
public sealed class MigrationParityTests
{
    // Shipped before this test: the search index and the runs tables took 0006 and 0007 in opposite order.
    private static readonly Dictionary<int, (string Sqlite, string SqlServer)> ShippedOutOfStep = new()
    {
        [6] = ("0006_alert_search", "0006_runs"),
        [7] = ("0007_runs", "0007_alert_search"),
    };

    [Fact]
    public void EveryVersion_OnBothEngines_WithTheSamePurpose()
    {
        var sqlite = Migrations.For(StorageOptions.Sqlite).ToDictionary(m => m.Version, m => m.Name);
        var sqlServer = Migrations.For(StorageOptions.SqlServer).ToDictionary(m => m.Version, m => m.Name);

        Assert.Equal(sqlite.Keys.Order(), sqlServer.Keys.Order());
        Assert.Equal(Enumerable.Range(1, sqlite.Count), sqlite.Keys.Order());
        foreach (var version in sqlite.Keys)
        {
            var expected = ShippedOutOfStep.TryGetValue(version, out var known) ? known : (sqlite[version], sqlite[version]);
            Assert.Equal(expected, (sqlite[version], sqlServer[version]));
        }
    }
}
