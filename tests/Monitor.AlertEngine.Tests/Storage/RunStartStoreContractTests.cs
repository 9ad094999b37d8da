using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.RunStarts;
using Monitor.AlertEngine.Storage.Sqlite;
using Monitor.AlertEngine.Storage.SqlServer;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>Run starts, on every engine: the later start is kept, whoever records it and in whatever order.</summary>
public sealed class RunStartStoreContractTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Record_KeepsTheLaterStart_AnEarlierOneChangesNothing(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var runStarts = Create(engine, test);
        var job = $"nightly-{Guid.NewGuid():N}";

        await runStarts.RecordAsync(job, Alerts.T0.AddHours(2), Cancel);
        await runStarts.RecordAsync(job, Alerts.T0.AddHours(1), Cancel);

        var stored = await runStarts.ReadAsync(Cancel);
        Assert.Equal(Alerts.T0.AddHours(2), stored.LastStarts[job]);
        Assert.True(stored.TrackingSince > DateTimeOffset.UtcNow.AddHours(-1) || engine == StorageOptions.SqlServer,
            $"tracking began when the store was migrated, not {stored.TrackingSince}");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Record_ManyReplicasAtOnce_TheLatestStartWins(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var runStarts = Create(engine, test);
        var job = $"contended-{Guid.NewGuid():N}";

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => runStarts.RecordAsync(job, Alerts.T0.AddMinutes(i), Cancel), Cancel)));

        Assert.Equal(Alerts.T0.AddMinutes(19), (await runStarts.ReadAsync(Cancel)).LastStarts[job]);
    }

    private static IRunStartStore Create(string engine, TestStore test) => engine == StorageOptions.SqlServer
        ? new SqlServerRunStartStore(Environment.GetEnvironmentVariable(StoreEngines.SqlServerVariable)!)
        : new SqliteRunStartStore($"Data Source={test.SqliteFile}");
}
