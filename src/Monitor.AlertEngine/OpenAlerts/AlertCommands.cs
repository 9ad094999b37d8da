using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>
/// An admin's commands on one alert, written straight to the store (not through the write queue:
/// the admin waits for the answer) and answered once it has them. What they change reaches every
/// client through the store's commit, as every change does.
/// </summary>
internal sealed class AlertCommands(IAlertStore store, OpenAlertSet open, AlertLog log, TimeProvider time) : IAlertCommands
{
    // An admin waits for an acknowledgement: a store that cannot take it in this time is away.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var command = new AcknowledgeCommand(id, actor, comment, duration, time.GetUtcNow());
        return await CommandAsync(id, "acknowledgement",
            read => AlertDecisions.OnAcknowledge(read, command) is { Plan: null, Result: var result } ? new AcknowledgeOutcome(result, read) : null,
            async token => (await store.AcknowledgeAsync(command, token)).Outcome, cancellationToken);
    }

    public async Task<UnacknowledgeOutcome> UnacknowledgeAsync(string id, string actor, string? comment, CancellationToken cancellationToken)
    {
        var command = new UnacknowledgeCommand(id, actor, comment, time.GetUtcNow());
        return await CommandAsync(id, "withdrawal of the acknowledgement",
            read => AlertDecisions.OnUnacknowledge(read, command) is { Plan: null, Result: var result } ? new UnacknowledgeOutcome(result, read) : null,
            async token => (await store.UnacknowledgeAsync(command, token)).Outcome, cancellationToken);
    }

    /// <summary>
    /// Read first, without the write lock (when a thousand admins press at once, all but the first
    /// find it done here and never queue for the writer), then the conditional write.
    /// </summary>
    /// <param name="unchanged">The answer when the read shows nothing to do, else null.</param>
    private async Task<TOutcome> CommandAsync<TOutcome>(string id, string what, Func<PerformanceAlert?, TOutcome?> unchanged,
        Func<CancellationToken, Task<TOutcome>> write, CancellationToken cancellationToken) where TOutcome : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerWithin);
        try
        {
            var read = await store.GetAsync(id, timeout.Token);
            if (unchanged(read) is { } answer)
            {
                if (read is not null)
                {
                    // Nothing to write, but this replica may have missed the change that made it so.
                    open.TakeStored([read]);
                }
                return answer;
            }
            return await write(timeout.Token);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            log.AcknowledgeNotStored(error, id);
            throw new AlertStoreUnavailableException($"the alert store did not take the {what}; nothing was recorded", error);
        }
    }
}
