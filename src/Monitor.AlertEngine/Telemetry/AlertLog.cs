using Microsoft.Extensions.Logging;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Telemetry;

/// <summary>The alert engine's log messages, with stable event ids (2000-2099).</summary>
internal sealed partial class AlertLog(ILogger<AlertLog> logger)
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Alert store write failed; {Pending} problems wait in the write queue, next try in {Delay}")]
    public partial void StoreWriteFailed(Exception exception, int pending, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Alert store reachable again; write queue drained")]
    public partial void StoreRecovered();

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Monitoring configuration reloaded: {WindowRules} window rules, {EventRules} event rules, {CustomRules} custom rules")]
    public partial void Reloaded(int windowRules, int eventRules, int customRules);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Alert store not ready at start-up ({Provider}); retrying. Evaluation goes on; alert writes wait in the queue")]
    public partial void StoreNotReady(Exception exception, string provider);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Alert store ready ({Provider}); {Open} open alerts loaded")]
    public partial void OpenAlertsLoaded(string provider, int open);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Handing rule results to the alert lifecycle failed")]
    public partial void EvaluationFailed(Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Alert {AlertId} {Action}: {Rule} {Severity}")]
    public partial void Transition(string alertId, AlertAction action, string rule, AlertSeverity severity);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Health checks failed to run")]
    public partial void HealthCheckFailed(Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Deleted {Count} closed alerts older than {Days} days")]
    public partial void RetentionDeleted(int count, int days);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Deleting old alerts failed; the next hour tries again")]
    public partial void RetentionFailed(Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Alert store migrated ({Provider})")]
    public partial void StoreMigrated(string provider);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Error, Message = "Rule {Rule} failed; the other rules go on (logged at most once a minute per rule)")]
    public partial void RuleFailed(Exception exception, string rule);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "Alert write set aside: the store refuses the {Intents} changes of problem {Fingerprint} for their data; the writes behind them go on")]
    public partial void AlertWriteSetAside(Exception exception, string fingerprint, int intents);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Acknowledgement of alert {AlertId} not stored (store unavailable); the caller is told to retry")]
    public partial void AcknowledgeNotStored(Exception exception, string alertId);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "Reading alert changes from the store failed; the next reconciliation tries again")]
    public partial void ReconcileFailed(Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Debug, Message = "Publishing on {Channel} failed; other replicas catch up from the store")]
    public partial void ClusterPublishFailed(Exception exception, string channel);

    // Debug: anyone who can publish on the channel can send these; counted in monitor_cluster_messages_refused_total.
    [LoggerMessage(EventId = 2023, Level = LogLevel.Debug, Message = "A message on {Channel} was not taken ({Reason}): not sealed with this cluster's Cluster:Key, or stale or replayed")]
    public partial void ClusterMessageRefused(string channel, string reason);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Warning, Message = "A message on {Channel} could not be read")]
    public partial void ClusterMessageFailed(Exception exception, string channel);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Run starts could not be shared through the store; the expected-run check uses this replica's own until the next try")]
    public partial void RunStartsNotShared(Exception exception);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "Run {RunId} not kept in the store: more than {Pending} ended runs waited for a store that fails (its metrics and checks were not affected)")]
    public partial void RunNotStored(string runId, int pending);
}
