using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>
/// The lifecycle rules as a table: for each stored state and each intent or command, the state
/// the alert is stored in and the history step it gets (none: the row changes without a step;
/// "unchanged": nothing is written). These are the decisions every engine and every replica makes.
/// </summary>
public sealed class AlertDecisionsTests
{
    private static readonly DateTimeOffset Later = Alerts.T0.AddMinutes(10);

    /// <summary>The stored row a case starts from, by name, so the table reads as words.</summary>
    private static PerformanceAlert? Stored(string state, string fingerprint)
    {
        var fired = AlertDecisions.OnBreach(null, Alerts.Breach(fingerprint)).Alert;
        return state switch
        {
            "none" => null,
            "firing warning" => fired,
            "firing critical" => fired with { Severity = AlertSeverity.Critical },
            "acknowledged warning" => Acknowledged(fired, until: null),
            "acknowledged warning, time left" => Acknowledged(fired, until: Later.AddMinutes(5)),
            "acknowledged warning, time over" => Acknowledged(fired, until: Later.AddMinutes(-1)),
            "resolved" => fired with { Status = AlertStatus.Resolved, ResolvedAt = Alerts.T0.AddMinutes(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };
    }

    private static PerformanceAlert Acknowledged(PerformanceAlert alert, DateTimeOffset? until) => alert with
    {
        Status = AlertStatus.Acknowledged,
        AcknowledgedBy = "alice",
        AcknowledgedAt = Alerts.T0.AddMinutes(1),
        AcknowledgeComment = "on it",
        AcknowledgedUntil = until,
    };

    public static TheoryData<string, AlertSeverity, AlertStatus, AlertSeverity, AlertAction?> Breaches => new()
    {
        { "none", AlertSeverity.Warning, AlertStatus.Firing, AlertSeverity.Warning, AlertAction.Fired },
        { "firing warning", AlertSeverity.Warning, AlertStatus.Firing, AlertSeverity.Warning, null },
        { "firing warning", AlertSeverity.Critical, AlertStatus.Firing, AlertSeverity.Critical, AlertAction.Escalated },
        { "firing critical", AlertSeverity.Warning, AlertStatus.Firing, AlertSeverity.Critical, null },
        { "acknowledged warning", AlertSeverity.Warning, AlertStatus.Acknowledged, AlertSeverity.Warning, null },
        { "acknowledged warning", AlertSeverity.Critical, AlertStatus.Firing, AlertSeverity.Critical, AlertAction.Refired },
        { "acknowledged warning, time left", AlertSeverity.Warning, AlertStatus.Acknowledged, AlertSeverity.Warning, null },
        { "acknowledged warning, time over", AlertSeverity.Warning, AlertStatus.Firing, AlertSeverity.Warning, AlertAction.Refired },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void Breach_OfAStoredState_StoresThisStateAndStep(
        string state, AlertSeverity breach, AlertStatus expectedStatus, AlertSeverity expectedSeverity, AlertAction? expectedStep)
    {
        var fingerprint = Alerts.NewFingerprint();
        var stored = Stored(state, fingerprint);

        var plan = AlertDecisions.OnBreach(stored, Alerts.Breach(fingerprint, severity: breach, at: Later, count: 2));

        Assert.Equal(expectedStatus, plan.Alert.Status);
        Assert.Equal(expectedSeverity, plan.Alert.Severity);
        Assert.Equal(expectedStep, plan.Transitions.SingleOrDefault()?.Action);
        Assert.Equal(stored is null, plan.IsNew);
        Assert.Equal((stored?.Count ?? 0) + 2, plan.Alert.Count);
        Assert.Equal(Later, plan.Alert.LastSeen);
        if (expectedStatus == AlertStatus.Firing)
        {
            Assert.Null(plan.Alert.AcknowledgedBy);
            Assert.Null(plan.Alert.AcknowledgedUntil);
        }
        else
        {
            Assert.Equal(stored!.AcknowledgedBy, plan.Alert.AcknowledgedBy);
        }
    }

    public static TheoryData<string, string, AlertAction?> Closes => new()
    {
        { "none", "resolve", null },
        { "firing warning", "resolve", AlertAction.Resolved },
        { "firing warning", "resolve, seen since", null },
        { "acknowledged warning", "resolve", AlertAction.Resolved },
        { "firing warning", "expire", AlertAction.Expired },
        { "acknowledged warning", "expire", null },
        { "firing warning", "expire, seen since", null },
    };

    [Theory]
    [MemberData(nameof(Closes))]
    public void Close_OfAStoredState_ClosesItOrLeavesItUnchanged(string state, string close, AlertAction? expectedStep)
    {
        var fingerprint = Alerts.NewFingerprint();
        var stored = Stored(state, fingerprint);
        var seenSince = close.EndsWith(", seen since", StringComparison.Ordinal);
        var at = seenSince ? Alerts.T0.AddSeconds(-1) : Later;
        var intent = close.StartsWith("resolve", StringComparison.Ordinal)
            ? Alerts.Resolve(fingerprint, at)
            : Alerts.Expire(fingerprint, at, TimeSpan.FromMinutes(5));

        var plan = AlertDecisions.OnClose(stored, intent);

        Assert.Equal(expectedStep, plan?.Transitions.Single().Action);
        if (plan is not null)
        {
            Assert.Equal(expectedStep == AlertAction.Expired ? AlertStatus.Expired : AlertStatus.Resolved, plan.Alert.Status);
            Assert.Equal(at, plan.Alert.ResolvedAt);
            Assert.False(plan.Alert.IsOpen);
        }
    }

    public static TheoryData<string, AcknowledgeResult, AlertStatus?> Acknowledgements => new()
    {
        { "none", AcknowledgeResult.NotFound, null },
        { "firing warning", AcknowledgeResult.Acknowledged, AlertStatus.Acknowledged },
        { "acknowledged warning", AcknowledgeResult.AlreadyAcknowledged, null },
        { "resolved", AcknowledgeResult.AlreadyClosed, null },
    };

    [Theory]
    [MemberData(nameof(Acknowledgements))]
    public void Acknowledge_OfAStoredState_AnswersAndWritesOnlyAFiringAlert(string state, AcknowledgeResult expected, AlertStatus? expectedStatus)
    {
        var stored = Stored(state, Alerts.NewFingerprint());
        var command = Alerts.Acknowledge(stored?.Id ?? "no-such-alert", actor: "bob", duration: TimeSpan.FromMinutes(30));

        var (result, plan) = AlertDecisions.OnAcknowledge(stored, command);

        Assert.Equal(expected, result);
        Assert.Equal(expectedStatus, plan?.Alert.Status);
        if (plan is not null)
        {
            Assert.Equal("bob", plan.Alert.AcknowledgedBy);
            Assert.Equal(command.At + TimeSpan.FromMinutes(30), plan.Alert.AcknowledgedUntil);
            var step = Assert.Single(plan.Transitions);
            Assert.Equal((AlertAction.Acknowledged, "bob", command.Comment), (step.Action, step.Actor, step.Comment));
        }
    }

    public static TheoryData<string, UnacknowledgeResult, AlertStatus?> Withdrawals => new()
    {
        { "none", UnacknowledgeResult.NotFound, null },
        { "firing warning", UnacknowledgeResult.NotAcknowledged, null },
        { "acknowledged warning", UnacknowledgeResult.Unacknowledged, AlertStatus.Firing },
        { "resolved", UnacknowledgeResult.AlreadyClosed, null },
    };

    [Theory]
    [MemberData(nameof(Withdrawals))]
    public void Unacknowledge_OfAStoredState_FiresOnlyAnAcknowledgedAlertAgain(string state, UnacknowledgeResult expected, AlertStatus? expectedStatus)
    {
        var stored = Stored(state, Alerts.NewFingerprint());
        var command = Alerts.Unacknowledge(stored?.Id ?? "no-such-alert", actor: "carol");

        var (result, plan) = AlertDecisions.OnUnacknowledge(stored, command);

        Assert.Equal(expected, result);
        Assert.Equal(expectedStatus, plan?.Alert.Status);
        if (plan is not null)
        {
            Assert.Null(plan.Alert.AcknowledgedBy);
            Assert.Null(plan.Alert.AcknowledgedUntil);
            var step = Assert.Single(plan.Transitions);
            Assert.Equal((AlertAction.Unacknowledged, "carol"), (step.Action, step.Actor));
        }
    }
}
