using System.Globalization;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Runs;

/// <summary>
/// The checks over runs (docs/alerts.md, "Runs"): judged when a run ends (failed, failing,
/// stage skipped, slower than usual) and on every tick (stuck, expected run missing). One alert
/// per pipeline and check (per stage for a skipped one), carrying the latest run's id in its
/// message and its root span's trace as evidence; cleared by the next run that does not breach.
/// Owned by the evaluation loop, like every rule's state.
/// </summary>
internal sealed class RunChecks
{
    private readonly HashSet<string> _stuck = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);

    /// <summary>Judges a run that just ended.</summary>
    public static void OnEnded(RunEnded ended, RunChecksOptions options, DateTimeOffset now, List<RuleBreach> breaches, List<string> clears)
    {
        var run = ended.Run;
        var job = run.Job;
        if (run.Outcome == RunOutcome.Succeeded)
        {
            clears.Add(Fingerprint.Of(RuleCatalogue.RunFailed, Scope(job)));
            clears.Add(Fingerprint.Of(RuleCatalogue.RunsFailing, Scope(job)));
        }
        else
        {
            var what = run.Outcome == RunOutcome.Failed ? "failed" : $"was abandoned (no span for {Words(run.Duration)} after its last)";
            breaches.Add(Breach(RuleCatalogue.RunFailed, Scope(job), AlertSeverity.Warning, 1, $"run {run.RunId} of {job} {what}", run, now));
            if (ended.ConsecutiveFailures >= options.FailingAfter)
            {
                breaches.Add(Breach(RuleCatalogue.RunsFailing, Scope(job), AlertSeverity.Critical, ended.ConsecutiveFailures,
                    $"{ended.ConsecutiveFailures} runs of {job} in a row did not succeed; the last: {run.RunId}", run, now));
            }
        }
        if (run.Outcome != RunOutcome.Abandoned)
        {
            foreach (var stage in options.RequiredStagesOf(job))
            {
                var scope = Scope(job, stage);
                if (run.Stages.Contains(stage))
                {
                    clears.Add(Fingerprint.Of(RuleCatalogue.StageSkipped, scope));
                }
                else
                {
                    breaches.Add(Breach(RuleCatalogue.StageSkipped, scope, AlertSeverity.Warning, 1,
                        $"run {run.RunId} of {job} ended without a {stage.ToName()} span", run, now));
                }
            }
        }
        if (run.Outcome == RunOutcome.Succeeded)
        {
            Slower(ended, options, now, breaches, clears);
        }
    }

    /// <summary>Stuck runs and missing scheduled runs, each tick.</summary>
    /// <param name="lastStarts">Each pipeline's latest run start, as this replica and the store know them.</param>
    /// <param name="since">Since when run starts were watched (the store's tracking, else this process's start): an earlier window cannot be judged.</param>
    public void OnTick(IReadOnlyList<PipelineRun> active, IReadOnlyDictionary<string, DateTimeOffset> lastStarts, DateTimeOffset since,
        IReadOnlyDictionary<string, Schedule> schedules, RunChecksOptions options, DateTimeOffset now,
        List<RuleBreach> breaches, List<string> clears)
    {
        var stuckNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in active)
        {
            var quiet = now - run.LastSpanAt;
            var age = now - run.StartedAt;
            string? why = quiet >= options.StuckAfterOf(run.Job) ? $"has sent no span for {Words(quiet)}"
                : options.MaxDurationOf(run.Job) is { } max && age >= max ? $"has run for {Words(age)}, longer than {Words(max)}"
                : null;
            if (why is not null && stuckNow.Add(run.Job))
            {
                breaches.Add(Breach(RuleCatalogue.RunStuck, Scope(run.Job), AlertSeverity.Critical, age.TotalSeconds, $"run {run.RunId} of {run.Job} {why}", run, now));
            }
        }
        foreach (var job in _stuck.Where(job => !stuckNow.Contains(job)))
        {
            clears.Add(Fingerprint.Of(RuleCatalogue.RunStuck, Scope(job)));
        }
        _stuck.Clear();
        _stuck.UnionWith(stuckNow);

        foreach (var (job, schedule) in schedules)
        {
            // Only a scheduled time whose whole acceptance window (grace before and after) was
            // watched can be judged: a run that started before the monitor did was not seen.
            if (schedule.LastDue(since + schedule.Grace, now) is not { } due)
            {
                continue;
            }
            var started = lastStarts.TryGetValue(job, out var last) && last >= due - schedule.Grace;
            if (started)
            {
                if (_missing.Remove(job))
                {
                    clears.Add(Fingerprint.Of(RuleCatalogue.RunMissing, Scope(job)));
                }
                continue;
            }
            _missing.Add(job);
            breaches.Add(new RuleBreach(RuleCatalogue.RunMissing, Fingerprint.Of(RuleCatalogue.RunMissing, Scope(job)), Scope(job), AlertSeverity.Critical,
                (now - due).TotalSeconds, 0, 0,
                string.Create(CultureInfo.InvariantCulture, $"no run of {job} started for the one scheduled at {due:yyyy-MM-dd HH:mm} UTC (grace {Words(schedule.Grace)})"),
                now));
        }
    }

    private static void Slower(RunEnded ended, RunChecksOptions options, DateTimeOffset now, List<RuleBreach> breaches, List<string> clears)
    {
        var run = ended.Run;
        if (ended.EarlierDurations.Count < options.SlowerBaselineRuns)
        {
            return;
        }
        var sorted = ended.EarlierDurations.Order().ToArray();
        var p95 = sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
        var limit = p95 * options.SlowerFactor;
        if (run.Duration > limit)
        {
            breaches.Add(Breach(RuleCatalogue.RunSlow, Scope(run.Job), AlertSeverity.Warning, run.Duration.TotalSeconds,
                $"run {run.RunId} of {run.Job} took {Words(run.Duration)}, over {options.SlowerFactor:0.##} times the p95 of its last {sorted.Length} runs ({Words(p95)})",
                run, now));
        }
        else
        {
            clears.Add(Fingerprint.Of(RuleCatalogue.RunSlow, Scope(run.Job)));
        }
    }

    private static RuleBreach Breach(string rule, Dictionary<string, string> scope, AlertSeverity severity, double value, string message,
        PipelineRun run, DateTimeOffset now) =>
        new(rule, Fingerprint.Of(rule, scope), scope, severity, value, 0, 0, message, now,
            Evidence: new AlertEvidence(run.TraceId, run.RootSpanId ?? string.Empty));

    private static Dictionary<string, string> Scope(string job) => new(StringComparer.Ordinal) { ["job"] = job };

    private static Dictionary<string, string> Scope(string job, PipelineStage stage) =>
        new(StringComparer.Ordinal) { ["job"] = job, ["stage"] = stage.ToName() };

    private static string Words(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
        : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
