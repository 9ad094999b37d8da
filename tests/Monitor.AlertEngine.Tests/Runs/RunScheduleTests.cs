using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Runs;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Tests.Runs;

/// <summary>The expected-run and stuck checks at chosen instants: the time they judge is the time they are given.</summary>
public sealed class RunScheduleTests
{
    // 02:00 Europe/Paris every night; in November that is 01:00 UTC.
    private static readonly RunScheduleOptions Nightly = new() { Cron = "0 2 * * *", TimeZone = "Europe/Paris", Grace = TimeSpan.FromMinutes(30) };
    private static readonly DateTimeOffset MonitorStart = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NoRunStarted_FiresAtTheGraceDeadlineInTheScheduleTimeZone_NotBefore()
    {
        var checks = new Judge(MonitorStart);

        Assert.Empty(Tick(checks, At(1, 29), lastStart: null).Breaches);
        var breach = Assert.Single(Tick(checks, At(1, 30), lastStart: null).Breaches);

        Assert.Equal(RuleCatalogue.RunMissing, breach.Rule);
        Assert.Equal(Model.AlertSeverity.Critical, breach.Severity);
        Assert.Contains("scheduled at 2026-11-26 01:00 UTC", breach.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunStartedWithinTheGrace_OrALittleEarly_IsTheExpectedRun_AndClearsAFiredAlert()
    {
        var checks = new Judge(MonitorStart);
        Assert.Empty(Tick(checks, At(2, 0), lastStart: At(0, 45)).Breaches);

        var late = new Judge(MonitorStart);
        Assert.Single(Tick(late, At(1, 40), lastStart: null).Breaches);
        var (breaches, clears) = Tick(late, At(1, 50), lastStart: At(1, 45));
        Assert.Empty(breaches);
        Assert.Equal([Fingerprint.Of(RuleCatalogue.RunMissing, new Dictionary<string, string> { ["job"] = "nightly" })], clears);
    }

    [Fact]
    public void AScheduledTimeBeforeTheMonitorStarted_IsNotJudged_ARunThenCouldNotBeSeen()
    {
        var checks = new Judge(At(1, 10));

        Assert.Empty(Tick(checks, At(1, 45), lastStart: null).Breaches);
    }

    [Fact]
    public void AnActiveRunQuietForStuckAfter_IsStuck_ThenClearedWhenItIsNoLongerActive()
    {
        var checks = new Judge(MonitorStart);
        var options = new RunChecksOptions { StuckAfter = TimeSpan.FromMinutes(15) };
        var run = new PipelineRun("etl", "r-9", "0af7651916cd43dd8448eb211c80319c", At(1, 0), null, At(1, 5), [PipelineStage.ModuleGeneration], null);
        var breaches = new List<RuleBreach>();
        var clears = new List<string>();

        checks.Checks.OnTick([run], new Dictionary<string, DateTimeOffset>(), checks.Since, new Dictionary<string, Schedule>(), options, At(1, 19), breaches, clears);
        Assert.Empty(breaches);
        checks.Checks.OnTick([run], new Dictionary<string, DateTimeOffset>(), checks.Since, new Dictionary<string, Schedule>(), options, At(1, 20), breaches, clears);
        Assert.Equal(RuleCatalogue.RunStuck, Assert.Single(breaches).Rule);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", breaches[0].Evidence!.TraceId);

        breaches.Clear();
        checks.Checks.OnTick([], new Dictionary<string, DateTimeOffset>(), checks.Since, new Dictionary<string, Schedule>(), options, At(1, 21), breaches, clears);
        Assert.Empty(breaches);
        Assert.Equal([Fingerprint.Of(RuleCatalogue.RunStuck, new Dictionary<string, string> { ["job"] = "etl" })], clears);
    }

    [Fact]
    public void ARunOverTwiceThePercentile95OfTheLastRuns_IsSlowerThanUsual()
    {
        var options = new RunChecksOptions { SlowerFactor = 2, SlowerBaselineRuns = 5, RequiredStages = [] };
        TimeSpan[] earlier = [.. new[] { 10, 11, 12, 10, 13 }.Select(m => TimeSpan.FromMinutes(m))];
        var breaches = new List<RuleBreach>();

        RunChecks.OnEnded(Ended(TimeSpan.FromMinutes(26), earlier), options, At(3, 0), breaches, []);
        Assert.Empty(breaches);
        RunChecks.OnEnded(Ended(TimeSpan.FromMinutes(27), earlier), options, At(3, 0), breaches, []);
        Assert.Equal(RuleCatalogue.RunSlow, Assert.Single(breaches).Rule);
    }

    private static RunEnded Ended(TimeSpan duration, TimeSpan[] earlier) =>
        new(new PipelineRun("etl", "r", "0af7651916cd43dd8448eb211c80319c", At(1, 0), At(1, 0) + duration, At(1, 0) + duration, [], RunOutcome.Succeeded),
            0, earlier);

    private static (List<RuleBreach> Breaches, List<string> Clears) Tick(Judge checks, DateTimeOffset now, DateTimeOffset? lastStart)
    {
        Assert.True(Schedule.TryParse(Nightly, out var schedule, out var error), error);
        var breaches = new List<RuleBreach>();
        var clears = new List<string>();
        var starts = lastStart is { } start ? new Dictionary<string, DateTimeOffset> { ["nightly"] = start } : [];
        checks.Checks.OnTick([], starts, checks.Since, new Dictionary<string, Schedule> { ["nightly"] = schedule! }, new RunChecksOptions(), now, breaches, clears);
        return (breaches, clears);
    }

    /// <summary>The checks with the instant run starts were watched from.</summary>
    private sealed record Judge(DateTimeOffset Since)
    {
        public RunChecks Checks { get; } = new();
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 26, hour, minute, 0, TimeSpan.Zero);
}
