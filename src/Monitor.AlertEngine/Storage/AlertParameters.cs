using Dapper;

namespace Monitor.AlertEngine.Storage;

/// <summary>The parameters of an alert upsert, the same on every engine but for how a time is stored.</summary>
internal static class AlertParameters
{
    public static DynamicParameters For<TTime>(AlertWrite write, Func<DateTimeOffset, TTime> time, Func<bool, object> flag)
        where TTime : struct
    {
        var alert = write.Alert;
        var parameters = new DynamicParameters();
        parameters.AddDynamicParams(new
        {
            alert.Id,
            alert.Fingerprint,
            Job = alert.Labels.GetValueOrDefault("job", ""),
            alert.Type,
            alert.Severity,
            alert.Status,
            IsOpen = flag(alert.IsOpen),
            alert.Message,
            alert.ModuleId,
            alert.ResourceId,
            Labels = AlertJson.Labels(alert.Labels),
            Data = AlertJson.Data(alert.Data),
            Evidence = AlertJson.Evidence(alert.Evidence),
            alert.Count,
            write.CountDelta,
            FiredAt = time(alert.Timestamp),
            LastSeen = time(alert.LastSeen),
            alert.AcknowledgedBy,
            AcknowledgedAt = alert.AcknowledgedAt is { } acknowledged ? time(acknowledged) : (TTime?)null,
            alert.AcknowledgeComment,
            AcknowledgedUntil = alert.AcknowledgedUntil is { } until ? time(until) : (TTime?)null,
            ResolvedAt = alert.ResolvedAt is { } resolved ? time(resolved) : (TTime?)null,
        });
        return parameters;
    }
}
