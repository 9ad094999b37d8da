using Microsoft.Extensions.Logging;

namespace Monitor.AlertEngine.Telemetry;

/// <summary>The alert engine's log messages, with stable event ids (2000-2099).</summary>
internal sealed partial class AlertLog(ILogger<AlertLog> logger)
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Alert store write failed; {Pending} alert writes wait in the outbox, next try in {Delay}")]
    public partial void StoreWriteFailed(Exception exception, int pending, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Alert store reachable again; outbox drained")]
    public partial void StoreRecovered();

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Monitoring configuration reload refused; the previous rules keep running: {Errors}")]
    public partial void ReloadRefused(string errors);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Monitoring configuration reloaded: {WindowRules} window rules, {EventRules} event rules, {CustomRules} custom rules")]
    public partial void Reloaded(int windowRules, int eventRules, int customRules);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Alert store not ready at start-up ({Provider}); retrying. Evaluation goes on; alerts wait in the outbox")]
    public partial void StoreNotReady(Exception exception, string provider);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Alert store ready ({Provider}); {Open} open alerts loaded")]
    public partial void StoreReady(string provider, int open);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Rule evaluation failed")]
    public partial void EvaluationFailed(Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Alert {AlertId} {Action}: {Rule} {Severity}")]
    public partial void Transition(string alertId, string action, string rule, string severity);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Health checks failed to run")]
    public partial void HealthCheckFailed(Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Deleted {Count} closed alerts older than {Days} days")]
    public partial void RetentionDeleted(int count, int days);
}
