namespace Monitor.Web.Api;

/// <summary>One pipeline's runs: active ones (as this replica sees them), the last ended ones (from the store), its schedule.</summary>
internal sealed record PipelineRunsView(string Job, IReadOnlyList<RunView> Active, IReadOnlyList<RunView> Ended, RunScheduleView? Schedule);
