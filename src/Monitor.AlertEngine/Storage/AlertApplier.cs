using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Runs intents and acknowledgements against an engine's rows: read, decide (<see cref="AlertDecisions"/>),
/// write conditionally on the version read; a write that lost a race reads again and decides again.
/// </summary>
internal static class AlertApplier
{
    private const int Attempts = 5;

    public static async Task<IReadOnlyList<AlertChange>> ApplyAsync(IAlertRows rows, IReadOnlyList<AlertIntent> intents,
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
                if (await WriteAsync(rows, plan, open, cancellationToken) is { } change)
                {
                    changes.Add(change with { ArrivalTimestamp = intent.ArrivalTimestamp });
                    break;
                }
                ThrowIfExhausted(attempt, intent.Fingerprint);
            }
        }
        return changes;
    }

    public static async Task<(AcknowledgeOutcome, AlertChange?)> AcknowledgeAsync(IAlertRows rows, AcknowledgeCommand command,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var alert = await rows.ByIdAsync(command.Id, cancellationToken);
            var (result, plan) = AlertDecisions.OnAcknowledge(alert, command);
            if (plan is null)
            {
                return (new AcknowledgeOutcome(result, alert), null);
            }
            if (await WriteAsync(rows, plan, alert, cancellationToken) is { } change)
            {
                return (new AcknowledgeOutcome(result, change.Alert), change);
            }
            ThrowIfExhausted(attempt, command.Id);
        }
    }

    private static async Task<AlertChange?> WriteAsync(IAlertRows rows, AlertPlan plan, PerformanceAlert? read, CancellationToken cancellationToken)
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
        return new AlertChange(alert with { Version = stored }, transitions);
    }

    private static void ThrowIfExhausted(int attempt, string what)
    {
        if (attempt >= Attempts)
        {
            throw new AlertWriteConflictException($"alert {what} kept changing under {Attempts} attempts to write it");
        }
    }
}

/// <summary>A conditional write lost its race too many times in a row; the caller retries later.</summary>
internal sealed class AlertWriteConflictException(string message) : Exception(message);
