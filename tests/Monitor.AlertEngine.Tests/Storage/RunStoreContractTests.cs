using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>Runs, on every engine: the later start is kept, whoever records it and in whatever order; ended runs read back whole, the last ones kept.</summary>
public sealed class RunStoreContractTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Record_KeepsTheLaterStart_AnEarlierOneChangesNothing(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var runStarts = Create(test);
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
        var runStarts = Create(test);
        var job = $"contended-{Guid.NewGuid():N}";

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => runStarts.RecordAsync(job, Alerts.T0.AddMinutes(i), Cancel), Cancel)));

        Assert.Equal(Alerts.T0.AddMinutes(19), (await runStarts.ReadAsync(Cancel)).LastStarts[job]);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task EndedRuns_ReadBackWithEveryField_LatestFirst_OnlyTheLastKept_AndTheLatestOfEachPipeline(string engine)
    {
        using var test = await StoreEngines.CreateAsync(engine);
        var runs = Create(test);
        var (job, other) = ($"kept-{Guid.NewGuid():N}", $"other-{Guid.NewGuid():N}");
        for (var i = 1; i <= 4; i++)
        {
            await runs.RecordEndedAsync(Run(job, $"r{i}", Alerts.T0.AddHours(i), i == 3 ? RunOutcome.Failed : RunOutcome.Succeeded), keep: 3, Cancel);
        }
        await runs.RecordEndedAsync(Run(job, "r4", Alerts.T0.AddHours(9), RunOutcome.Abandoned), keep: 3, Cancel);
        await runs.RecordEndedAsync(Run(other, "o1", Alerts.T0, RunOutcome.Abandoned), keep: 3, Cancel);

        var ended = await runs.EndedRunsAsync(job, 10, Cancel);
        Assert.Equal(["r4", "r3", "r2"], ended.Select(r => r.RunId));
        Assert.Equivalent(Run(job, "r4", Alerts.T0.AddHours(4), RunOutcome.Succeeded), ended[0], strict: true);
        Assert.Equal(RunOutcome.Failed, ended[1].Outcome);
        var last = await runs.LastRunsAsync(Cancel);
        Assert.Equal("r4", Assert.Single(last, r => r.Job == job).RunId);
        Assert.Equal("o1", Assert.Single(last, r => r.Job == other).RunId);
    }

    private static PipelineRun Run(string job, string id, DateTimeOffset ended, RunOutcome outcome) =>
        new(job, id, "0af7651916cd43dd8448eb211c80319c", ended.AddMinutes(-10), ended, ended,
            [PipelineStage.ModuleGeneration, PipelineStage.Validation], outcome, "b7ad6b7169203331");

    private static RunStore Create(TestStore test) => new(test.Engine);
}
