using Dapper;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>The parameters of an alert row and of a transition, the same on every engine but for how a time is stored.</summary>
internal static class AlertParameters
{
    public static DynamicParameters For<TTime>(PerformanceAlert alert, Func<DateTimeOffset, TTime> time, Func<bool, object> flag)
        where TTime : struct
    {
        var parameters = new DynamicParameters();
        parameters.AddDynamicParams(new
        {
            alert.Id,
            alert.Fingerprint,
            Job = StoreLimits.JobOf(alert),
            alert.Type,
            Severity = AlertWire.Name(alert.Severity),
            Status = AlertWire.Name(alert.Status),
            IsOpen = flag(alert.IsOpen),
            alert.Message,
            alert.ModuleId,
            alert.ResourceId,
            Labels = AlertJson.Labels(alert.Labels),
            Data = AlertJson.Data(alert.Data),
            Evidence = AlertJson.Evidence(alert.Evidence),
            alert.Count,
            FiredAt = time(alert.Timestamp),
            LastSeen = time(alert.LastSeen),
            alert.AcknowledgedBy,
            AcknowledgedAt = alert.AcknowledgedAt is { } acknowledged ? time(acknowledged) : (TTime?)null,
            alert.AcknowledgeComment,
            AcknowledgedUntil = alert.AcknowledgedUntil is { } until ? time(until) : (TTime?)null,
            ResolvedAt = alert.ResolvedAt is { } resolved ? time(resolved) : (TTime?)null,
            alert.SilenceId,
            SilenceUntil = alert.SilenceUntil is { } silenced ? time(silenced) : (TTime?)null,
        });
        return parameters;
    }

    public static object For<TTime>(AlertTransition step, Func<DateTimeOffset, TTime> time) => new
    {
        step.AlertId,
        Action = AlertWire.Name(step.Action),
        Status = AlertWire.Name(step.Status),
        Severity = AlertWire.Name(step.Severity),
        At = time(step.At),
        step.Actor,
        step.Comment,
    };
}
