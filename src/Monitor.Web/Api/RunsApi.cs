using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Runs;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.Collector.Runs;
using Monitor.Web.Fleet;

namespace Monitor.Web.Api;

/// <summary>
/// Runs (docs/api.md, "Runs"): ended runs come from the store, so any replica answers with every
/// replica's runs; active runs are the ones this replica receives the spans of.
/// </summary>
internal static class RunsApi
{
    public static void MapRunsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runs", GetLastRunsAsync).WithName("GetLastRuns")
            .WithSummary("Each pipeline's last run, active runs and next expected run, paged (X-Total-Count, Link)").WithTags("Runs")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/runs/{job}", GetRunsAsync).WithName("GetRuns")
            .WithSummary("One pipeline's active runs, last ended runs and schedule").WithTags("Runs")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<PipelineLastRunView[]>, ValidationProblem>> GetLastRunsAsync(IRunHistory store, IRunFeed runs,
        IOptionsMonitor<RunChecksOptions> options, TimeProvider time, HttpContext context, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = (await store.LastRunsAsync(cancellationToken)).ToDictionary(r => r.Job, StringComparer.Ordinal);
        var active = runs.ActiveRuns().GroupBy(r => r.Job, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var schedules = options.CurrentValue.Schedules;
        var jobs = last.Keys.Union(active.Keys).Union(schedules.Keys).Order(StringComparer.Ordinal);
        var lines = jobs.Select(job => new PipelineLastRunView(job, last.TryGetValue(job, out var run) ? RunView.Of(run) : null,
            active.GetValueOrDefault(job), schedules.TryGetValue(job, out var schedule) ? ScheduleOf(schedule, now)?.NextExpectedRun : null)).ToArray();
        return MonitoringApi.Paged(context, lines, static l => l.Job, null, page, pageSize);
    }

    private static async Task<Results<Ok<PipelineRunsView>, ProblemHttpResult>> GetRunsAsync(string job, IRunHistory store, IRunFeed runs,
        IOptionsMonitor<RunChecksOptions> checks, IOptions<RunsOptions> options, MonitorState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var ended = await store.EndedRunsAsync(job, options.Value.RecentRuns, cancellationToken);
        var active = runs.RunsOf(job).Where(r => r.Active).ToList();
        var schedule = checks.CurrentValue.Schedules.TryGetValue(job, out var configured) ? ScheduleOf(configured, time.GetUtcNow()) : null;
        // A pipeline the fleet knows answers 200 even with no run yet: only a name nothing knows is a 404.
        if (ended.Count == 0 && active.Count == 0 && schedule is null && !state.Metrics().Any(m => m.Job == job))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown pipeline",
                detail: $"No pipeline '{job}' is known: it sent no span, no run and has no schedule (Runs:Schedules).");
        }
        return TypedResults.Ok(new PipelineRunsView(job, [.. active.Select(RunView.Of)], [.. ended.Select(RunView.Of)], schedule));
    }

    private static RunScheduleView? ScheduleOf(RunScheduleOptions options, DateTimeOffset now) =>
        ScheduledRuns.TryNext(options, now, out var next) ? new RunScheduleView(options.Cron, options.TimeZone, options.Grace, next) : null;
}
