using Microsoft.Extensions.Options;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Runs;

/// <summary>
/// Keeps a silent pipeline tracked while its silence is watched: it has an open alert (inactivity
/// goes on being evaluated, so the alert escalates or clears instead of expiring unseen) or an
/// expected run (<c>Runs:Schedules</c>).
/// </summary>
internal sealed class WatchedPipelines(OpenAlertSet alerts, IOptionsMonitor<RunChecksOptions> runs) : IPipelineRetention
{
    public IReadOnlySet<string> KeptJobs()
    {
        var kept = alerts.JobsWithOpenAlerts();
        kept.UnionWith(runs.CurrentValue.Schedules.Keys);
        return kept;
    }
}
