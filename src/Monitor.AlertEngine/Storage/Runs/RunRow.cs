using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>A <c>pipeline_runs</c> row as Dapper reads it (times through <see cref="StoreTime"/>).</summary>
internal sealed class RunRow
{
    /// <summary>The select list that fills this row, the same on both engines.</summary>
    public const string Columns = "job AS Job, run_id AS RunId, trace_id AS TraceId, root_span_id AS RootSpanId, started_at AS StartedAt, ended_at AS EndedAt, stages AS Stages, outcome AS Outcome";

    public string Job { get; set; } = "";
    public string RunId { get; set; } = "";
    public string TraceId { get; set; } = "";
    public string? RootSpanId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public string Stages { get; set; } = "";
    public string Outcome { get; set; } = "";

    public PipelineRun ToRun() => new(Job, RunId, TraceId, StartedAt, EndedAt, EndedAt,
        [.. Stages.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(static name => PipelineStageNames.TryParse(name, out var stage) ? stage : (PipelineStage?)null).OfType<PipelineStage>()],
        Enum.GetValues<RunOutcome>().First(o => o.ToName() == Outcome), RootSpanId);

    public static string StagesOf(PipelineRun run) => string.Join(',', run.Stages.Select(static s => s.ToName()));
}
