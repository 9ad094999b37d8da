using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// What the alert store answers to readers outside the engine (the REST API): one alert, a page of
/// alerts, an alert's transitions. Every write stays the engine's (<see cref="IAlertStore"/>).
/// </summary>
public interface IAlertHistory
{
    Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken);

    Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>An alert's transitions, oldest first.</summary>
    Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken);
}
