namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>The statements of the run store (run starts, ended runs), one implementation per engine.</summary>
internal interface IRunStatements
{
    /// <summary>Records @at as @job's latest run start, unless a later one is recorded already (run in a write transaction).</summary>
    string RecordStart { get; }

    /// <summary>Every pipeline's latest start (Job, StartedAt).</summary>
    string Starts { get; }

    /// <summary>Since when starts have been recorded.</summary>
    string TrackingSince { get; }

    /// <summary>Records an ended run once, and keeps the @keep latest of its pipeline (run in a write transaction).</summary>
    string RecordEnded { get; }

    /// <summary>A pipeline's (@job) latest ended runs, newest first, at most @limit.</summary>
    string EndedRuns { get; }

    /// <summary>Each pipeline's latest ended run.</summary>
    string LastRuns { get; }
}
