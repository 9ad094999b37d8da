using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>The alert engine's in-process commands for the web host: an admin's acknowledgement and its withdrawal.</summary>
public interface IAlertCommands
{
    /// <summary>
    /// Acknowledges an alert for <paramref name="duration"/> (null: until it resolves), answered
    /// once the store has it. Throws <see cref="AlertStoreUnavailableException"/> when the store
    /// cannot take it: nothing was recorded.
    /// </summary>
    Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration, CancellationToken cancellationToken);

    /// <summary>
    /// Withdraws an acknowledgement made by mistake: the alert fires again (and its silence ends),
    /// the withdrawal recorded in its history with <paramref name="comment"/>. Throws
    /// <see cref="AlertStoreUnavailableException"/> when the store cannot take it.
    /// </summary>
    Task<UnacknowledgeOutcome> UnacknowledgeAsync(string id, string actor, string? comment, CancellationToken cancellationToken);
}
