using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// SQL Server keeps each alert's search trigrams (migration 0007) in step with the alert: written
/// with it, cut anew when its message changes, deleted with it. Runs where MONITOR_TEST_SQLSERVER
/// is set; the contract suite checks what a search finds on both engines.
/// </summary>
public sealed class SqlServerSearchIndexTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trigrams_FollowTheAlert_WrittenRecutOnANewMessageAndDeletedWithIt()
    {
        using var test = await StoreEngines.CreateAsync(StorageOptions.SqlServer);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var breach = Alerts.Breach(job: $"Trigram-{tag}") with { Message = $"First {tag}" };
        var alert = Assert.Single(await test.Store.ApplyAsync([breach], Cancel)).Alert;
        await using var connection = new SqlConnection(Environment.GetEnvironmentVariable(StoreEngines.SqlServerVariable));
        async Task<bool> Holds(string trigram) => await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM dbo.alert_search_trigrams WHERE alert_id = @id AND trigram = @trigram", new { id = alert.Id, trigram }) == 1;

        Assert.True(await Holds("fir"), "the message's trigrams, lower-cased");
        Assert.True(await Holds("rig"), "the labels' trigrams");

        await test.Store.ApplyAsync([Alerts.Breach(breach.Fingerprint, job: $"Trigram-{tag}", at: Alerts.T0.AddMinutes(1)) with { Message = $"second {tag}" }], Cancel);
        Assert.False(await Holds("fir"), "the old message's trigrams are gone");
        Assert.True(await Holds("sec"));
        Assert.True(await Holds("rig"));

        await test.Store.ApplyAsync([Alerts.Resolve(breach.Fingerprint, Alerts.T0.AddMinutes(5))], Cancel);
        await test.Store.DeleteClosedBeforeAsync(Alerts.T0.AddDays(1), Cancel);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.alert_search_trigrams WHERE alert_id = @id", new { id = alert.Id }));
    }
}
