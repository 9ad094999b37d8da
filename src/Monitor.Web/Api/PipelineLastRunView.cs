namespace Monitor.Web.Api;

/// <summary>One line of the fleet's runs: the pipeline's last ended run, its active runs, its next expected run.</summary>
internal sealed record PipelineLastRunView(string Job, RunView? LastRun, int ActiveRuns, DateTimeOffset? NextExpectedRun);
