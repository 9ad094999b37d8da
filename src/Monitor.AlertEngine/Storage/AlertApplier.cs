using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Runs intents and acknowledgements against an engine's rows: read, decide (<see cref="AlertDecisions"/>),
/// write conditionally on the version read; a write that lost a race reads again and decides again.
/// The notifications a change makes (<see cref="IDeliveryPlanner"/>) are queued in the same transaction.
/// </summary>
internal static class AlertApplier
{
    private const int Attempts = 5;

    public static async Task<IReadOnlyList<AlertChange>> ApplyAsync(IAlertRows rows, IReadOnlyList<AlertIntent> intents, IDeliveryPlanner planner,
        CancellationToken cancellationToken)
    {
        var changes = new List<AlertChange>(intents.Count);
        foreach (var intent in intents)
        {
            for (var attempt = 1; ; attempt++)
            {
                var open = await rows.OpenByFingerprintAsync(intent.Fingerprint, cancellationToken);
                if (AlertDecisions.Decide(open, intent) is not { } plan)
                {
                    break;
                }
                if (await WriteAsync(rows, plan, open, planner, cancellationToken) is { } change)
                {
                    changes.Add(change with { ArrivalTimestamp = intent.ArrivalTimestamp });
                    break;
                }
                ThrowIfExhausted(attempt, intent.Fingerprint);
            }
        }
        return changes;
    }

    public static async Task<(AcknowledgeOutcome, AlertChange?)> AcknowledgeAsync(IAlertRows rows, AcknowledgeCommand command, IDeliveryPlanner planner,
        CancellationToken cancellationToken)
    {
        var (result, alert, change) = await DecideByIdAsync(rows, command.Id, read => AlertDecisions.OnAcknowledge(read, command), planner, cancellationToken);
        return (new AcknowledgeOutcome(result, alert), change);
    }

    public static async Task<(UnacknowledgeOutcome, AlertChange?)> UnacknowledgeAsync(IAlertRows rows, UnacknowledgeCommand command,
        IDeliveryPlanner planner, CancellationToken cancellationToken)
    {
        var (result, alert, change) = await DecideByIdAsync(rows, command.Id, read => AlertDecisions.OnUnacknowledge(read, command), planner, cancellationToken);
        return (new UnacknowledgeOutcome(result, alert), change);
    }

    /// <summary>An admin's command on one alert: read it, decide, write conditionally; a lost race reads and decides again.</summary>
    private static async Task<(TResult Result, PerformanceAlert? Alert, AlertChange? Change)> DecideByIdAsync<TResult>(IAlertRows rows, string id,
        Func<PerformanceAlert?, (TResult Result, AlertPlan? Plan)> decide, IDeliveryPlanner planner, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var alert = await rows.ByIdAsync(id, cancellationToken);
            var (result, plan) = decide(alert);
            if (plan is null)
            {
                return (result, alert, null);
            }
            if (await WriteAsync(rows, plan, alert, planner, cancellationToken) is { } change)
            {
                return (result, change.Alert, change);
            }
            ThrowIfExhausted(attempt, id);
        }
    }

    /// <summary>Records the Alertmanager silence of an alert (null: none any more); null when the alert is gone.</summary>
    public static async Task<AlertChange?> RecordSilenceAsync(IAlertRows rows, string alertId, string? silenceId, DateTimeOffset? until,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await rows.ByIdAsync(alertId, cancellationToken) is not { } alert)
            {
                return null;
            }
            if (alert.SilenceId == silenceId && alert.SilenceUntil == until)
            {
                return new AlertChange(alert, []);
            }
            var plan = new AlertPlan(alert with { SilenceId = silenceId, SilenceUntil = until }, []);
            if (await WriteAsync(rows, plan, alert, IDeliveryPlanner.None, cancellationToken) is { } change)
            {
                return change;
            }
            ThrowIfExhausted(attempt, alertId);
        }
    }

    private static async Task<AlertChange?> WriteAsync(IAlertRows rows, AlertPlan plan, PerformanceAlert? read, IDeliveryPlanner planner,
        CancellationToken cancellationToken)
    {
        var alert = StoreLimits.Bound(plan.Alert);
        var version = plan.IsNew
            ? await rows.InsertAsync(alert, cancellationToken)
            : await rows.UpdateAsync(alert, read!.Version, cancellationToken);
        if (version is not { } stored)
        {
            return null;
        }
        var transitions = plan.Transitions.Select(StoreLimits.Bound).ToArray();
        await rows.AddTransitionsAsync(transitions, cancellationToken);
        var change = new AlertChange(alert with { Version = stored }, transitions);
        if (planner.Plan(read, change) is { Count: > 0 } deliveries)
        {
            await rows.AddDeliveriesAsync(deliveries, cancellationToken);
        }
        return change;
    }

    private static void ThrowIfExhausted(int attempt, string what)
    {
        if (attempt >= Attempts)
        {
            throw new AlertWriteConflictException($"alert {what} kept changing under {Attempts} attempts to write it");
        }
    }
}
