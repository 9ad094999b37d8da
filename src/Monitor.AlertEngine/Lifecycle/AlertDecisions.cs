using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>
/// The lifecycle rules (docs/architecture.md, "Alert lifecycle"), as pure functions of the stored row and the intent: the
/// same decision on every engine and every replica. Each returns the alert as it must be stored
/// and the history steps, or null when nothing changes.
/// </summary>
internal static class AlertDecisions
{
    public static AlertPlan? Decide(PerformanceAlert? open, AlertIntent intent) => intent switch
    {
        BreachIntent breach => OnBreach(open, breach),
        CloseIntent close => OnClose(open, close),
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, null),
    };

    public static AlertPlan OnBreach(PerformanceAlert? open, BreachIntent breach)
    {
        if (open is null)
        {
            var fired = new PerformanceAlert
            {
                Id = breach.NewId,
                Type = breach.Rule,
                Severity = breach.Severity,
                Message = breach.Message,
                Timestamp = breach.At,
                LastSeen = breach.At,
                Status = AlertStatus.Firing,
                Fingerprint = breach.Fingerprint,
                Labels = breach.Scope,
                Data = breach.Data,
                ModuleId = breach.ModuleId,
                ResourceId = breach.ResourceId,
                Evidence = [.. breach.Evidence.TakeLast(AlertEvidence.MaxItems)],
                Count = breach.Count,
            };
            return new AlertPlan(fired, [Step(fired, AlertAction.Fired, breach.At)], IsNew: true);
        }
        var rises = SeverityRises(open.Severity, breach.Severity);
        var acknowledgementOver = AcknowledgementOver(open, breach.At);
        var refires = open.Status == AlertStatus.Acknowledged && (rises || acknowledgementOver);
        var severity = rises ? breach.Severity : open.Severity;
        var updated = open with
        {
            Severity = severity,
            Count = open.Count + breach.Count,
            LastSeen = breach.At > open.LastSeen ? breach.At : open.LastSeen,
            Message = breach.Message,
            Data = breach.Data,
            ModuleId = breach.ModuleId ?? open.ModuleId,
            ResourceId = breach.ResourceId ?? open.ResourceId,
            Evidence = breach.Evidence.Count == 0 ? open.Evidence : [.. open.Evidence.Concat(breach.Evidence).TakeLast(AlertEvidence.MaxItems)],
        };
        if (refires)
        {
            updated = updated with
            {
                Status = AlertStatus.Firing,
                AcknowledgedBy = null,
                AcknowledgedAt = null,
                AcknowledgeComment = null,
                AcknowledgedUntil = null,
            };
            var why = rises ? $"severity rose to {AlertWire.Name(severity)}" : "the acknowledgement ended and the breach goes on";
            return new AlertPlan(updated, [Step(updated, AlertAction.Refired, breach.At, comment: why)]);
        }
        return rises
            ? new AlertPlan(updated, [Step(updated, AlertAction.Escalated, breach.At, comment: $"severity rose to {AlertWire.Name(severity)}")])
            : new AlertPlan(updated, []);
    }

    /// <summary>A breach of <paramref name="breach"/> severity raises an alert held at <paramref name="held"/>: the severity only rises while it is open.</summary>
    public static bool SeverityRises(AlertSeverity held, AlertSeverity breach) => breach > held;

    /// <summary>A timed acknowledgement has run out at <paramref name="at"/>: a breach then fires the alert again.</summary>
    public static bool AcknowledgementOver(PerformanceAlert open, DateTimeOffset at) =>
        open.Status == AlertStatus.Acknowledged && open.AcknowledgedUntil is { } until && at >= until;

    public static AlertPlan? OnClose(PerformanceAlert? open, CloseIntent close)
    {
        if (open is null || open.LastSeen > close.NotSeenSince || (close.FiringOnly && open.Status != AlertStatus.Firing))
        {
            return null;
        }
        var closed = open with { Status = close.Status, ResolvedAt = close.At };
        return new AlertPlan(closed, [Step(closed, close.Status == AlertStatus.Expired ? AlertAction.Expired : AlertAction.Resolved, close.At)]);
    }

    /// <summary>Acknowledge writes only an open alert that nobody acknowledged yet.</summary>
    public static (AcknowledgeResult Result, AlertPlan? Plan) OnAcknowledge(PerformanceAlert? alert, AcknowledgeCommand command)
    {
        if (alert is null)
        {
            return (AcknowledgeResult.NotFound, null);
        }
        if (!alert.IsOpen)
        {
            return (AcknowledgeResult.AlreadyClosed, null);
        }
        if (alert.Status == AlertStatus.Acknowledged)
        {
            return (AcknowledgeResult.AlreadyAcknowledged, null);
        }
        var acknowledged = alert with
        {
            Status = AlertStatus.Acknowledged,
            AcknowledgedBy = command.Actor,
            AcknowledgedAt = command.At,
            AcknowledgeComment = command.Comment,
            AcknowledgedUntil = command.Duration is { } duration ? command.At + duration : null,
        };
        return (AcknowledgeResult.Acknowledged,
            new AlertPlan(acknowledged, [Step(acknowledged, AlertAction.Acknowledged, command.At, command.Actor, command.Comment)]));
    }

    /// <summary>
    /// Un-acknowledge withdraws the acknowledgement of an open alert: it fires again, and the
    /// withdrawal (who, why) is a step of its history. An alert that is firing is left as it is.
    /// </summary>
    public static (UnacknowledgeResult Result, AlertPlan? Plan) OnUnacknowledge(PerformanceAlert? alert, UnacknowledgeCommand command)
    {
        if (alert is null)
        {
            return (UnacknowledgeResult.NotFound, null);
        }
        if (!alert.IsOpen)
        {
            return (UnacknowledgeResult.AlreadyClosed, null);
        }
        if (alert.Status != AlertStatus.Acknowledged)
        {
            return (UnacknowledgeResult.NotAcknowledged, null);
        }
        var firing = alert with
        {
            Status = AlertStatus.Firing,
            AcknowledgedBy = null,
            AcknowledgedAt = null,
            AcknowledgeComment = null,
            AcknowledgedUntil = null,
        };
        return (UnacknowledgeResult.Unacknowledged,
            new AlertPlan(firing, [Step(firing, AlertAction.Unacknowledged, command.At, command.Actor, command.Comment)]));
    }

    private static AlertTransition Step(PerformanceAlert alert, AlertAction action, DateTimeOffset at, string? actor = null, string? comment = null) =>
        new(alert.Id, action, alert.Status, alert.Severity, at, actor, comment);
}
