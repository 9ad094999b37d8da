using Dapper;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>The parameters of an alert row and of a transition, the same on every engine (times through <see cref="StoreTime"/>).</summary>
internal static class AlertParameters
{
    public static DynamicParameters For(PerformanceAlert alert)
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
            alert.IsOpen,
            alert.Message,
            alert.ModuleId,
            alert.ResourceId,
            Labels = AlertJson.Labels(alert.Labels),
            Data = AlertJson.Data(alert.Data),
            Evidence = AlertJson.Evidence(alert.Evidence),
            alert.Count,
            FiredAt = alert.Timestamp,
            alert.LastSeen,
            alert.AcknowledgedBy,
            alert.AcknowledgedAt,
            alert.AcknowledgeComment,
            alert.AcknowledgedUntil,
            alert.ResolvedAt,
            alert.SilenceId,
            alert.SilenceUntil,
        });
        return parameters;
    }

    public static object For(AlertTransition step) => new
    {
        step.AlertId,
        Action = AlertWire.Name(step.Action),
        Status = AlertWire.Name(step.Status),
        Severity = AlertWire.Name(step.Severity),
        step.At,
        step.Actor,
        step.Comment,
    };
}
