using Monitor.AlertEngine.Storage.Runs;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The run store's T-SQL: writes under UPDLOCK, HOLDLOCK (a key-range lock on the key), so two
/// replicas recording the same pipeline or run at once neither fail on the key nor lose the later start.
/// </summary>
internal sealed class SqlServerRunStatements : IRunStatements
{
    public string RecordStart => """
        UPDATE dbo.run_starts WITH (UPDLOCK, HOLDLOCK) SET started_at = @at WHERE job = @job AND started_at < @at;
        IF @@ROWCOUNT = 0 AND NOT EXISTS (SELECT 1 FROM dbo.run_starts WITH (UPDLOCK, HOLDLOCK) WHERE job = @job)
            INSERT INTO dbo.run_starts (job, started_at) VALUES (@job, @at);
        """;

    public string Starts => "SELECT job AS Job, started_at AS StartedAt FROM dbo.run_starts;";

    public string TrackingSince => "SELECT tracking_since FROM dbo.run_tracking WHERE id = 1;";

    public string RecordEnded => """
        IF NOT EXISTS (SELECT 1 FROM dbo.pipeline_runs WITH (UPDLOCK, HOLDLOCK) WHERE job = @Job AND run_id = @RunId)
            INSERT INTO dbo.pipeline_runs (job, run_id, trace_id, root_span_id, started_at, ended_at, stages, outcome)
            VALUES (@Job, @RunId, @TraceId, @RootSpanId, @StartedAt, @EndedAt, @Stages, @Outcome);
        DELETE FROM dbo.pipeline_runs WHERE job = @Job AND run_id NOT IN
            (SELECT TOP (@keep) run_id FROM dbo.pipeline_runs WHERE job = @Job ORDER BY ended_at DESC);
        """;

    public string EndedRuns => $"SELECT TOP (@limit) {RunRow.Columns} FROM dbo.pipeline_runs WHERE job = @job ORDER BY ended_at DESC;";

    public string LastRuns => $"""
        SELECT {RunRow.Columns} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY job ORDER BY ended_at DESC) AS n FROM dbo.pipeline_runs) AS latest WHERE n = 1;
        """;
}
