using Monitor.AlertEngine.Storage.Runs;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>The run store's SQL on SQLite: upserts that keep the later start, ended runs trimmed per pipeline in the same transaction.</summary>
internal sealed class SqliteRunStatements : IRunStatements
{
    public string RecordStart => """
        INSERT INTO run_starts (job, started_at) VALUES (@job, @at)
        ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at WHERE excluded.started_at > run_starts.started_at
        """;

    public string Starts => "SELECT job AS Job, started_at AS StartedAt FROM run_starts";

    public string TrackingSince => "SELECT tracking_since FROM run_tracking WHERE id = 1";

    public string RecordEnded => """
        INSERT INTO pipeline_runs (job, run_id, trace_id, root_span_id, started_at, ended_at, stages, outcome)
        VALUES (@Job, @RunId, @TraceId, @RootSpanId, @StartedAt, @EndedAt, @Stages, @Outcome)
        ON CONFLICT (job, run_id) DO NOTHING;
        DELETE FROM pipeline_runs WHERE job = @Job AND run_id NOT IN
            (SELECT run_id FROM pipeline_runs WHERE job = @Job ORDER BY ended_at DESC LIMIT @keep);
        """;

    public string EndedRuns => $"SELECT {RunRow.Columns} FROM pipeline_runs WHERE job = @job ORDER BY ended_at DESC LIMIT @limit";

    public string LastRuns => $"""
        SELECT {RunRow.Columns} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY job ORDER BY ended_at DESC) AS n FROM pipeline_runs) WHERE n = 1
        """;
}
