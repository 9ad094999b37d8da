using Monitor.Collector.Feeds;

namespace Monitor.Collector.Runs;

/// <summary>What the collector knows of runs, for the run checks and the web host.</summary>
public interface IRunFeed
{
    /// <summary>Runs that end from now on; a reader that falls behind by more than <paramref name="capacity"/> loses the oldest.</summary>
    FeedSubscription<RunEnded> SubscribeEnded(int capacity = 1024);

    /// <summary>The pipeline's active runs, then its last ended ones, newest first.</summary>
    IReadOnlyList<PipelineRun> RunsOf(string job);

    /// <summary>Every active run of every pipeline.</summary>
    IReadOnlyList<PipelineRun> ActiveRuns();

    /// <summary>When each pipeline's latest run started, as far as this process saw.</summary>
    IReadOnlyDictionary<string, DateTimeOffset> LastStarts();
}
