using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>
/// What the engine wants done to the open alert of one problem (<see cref="Fingerprint"/>). The
/// store decides each intent against the row as it is stored (<see cref="AlertDecisions"/>), so
/// replicas that share the store never overwrite each other's changes.
/// </summary>
/// <param name="ArrivalTimestamp">Stopwatch timestamp of the spans behind it, for hop latency; 0 if none.</param>
internal abstract record AlertIntent(string Fingerprint, DateTimeOffset At, long ArrivalTimestamp);

/// <summary>
/// A rule breached: fire a new alert (with <see cref="NewId"/>) or update the open one: count,
/// last seen, severity (it only rises while open), message, data, evidence. Never touches the
/// acknowledgement, except to clear it when the alert fires again.
/// </summary>
internal sealed record BreachIntent(
    string Fingerprint,
    DateTimeOffset At,
    long ArrivalTimestamp,
    string NewId,
    string Rule,
    IReadOnlyDictionary<string, string> Scope,
    AlertSeverity Severity,
    string Message,
    IReadOnlyDictionary<string, double> Data,
    IReadOnlyList<AlertEvidence> Evidence,
    string? ModuleId,
    string? ResourceId,
    long Count) : AlertIntent(Fingerprint, At, ArrivalTimestamp)
{
    /// <summary>Two breaches of one problem as one: counts add up, the newer one's details win.</summary>
    public BreachIntent Merge(BreachIntent newer) => newer with
    {
        NewId = NewId,
        ArrivalTimestamp = ArrivalTimestamp != 0 ? ArrivalTimestamp : newer.ArrivalTimestamp,
        Severity = newer.Severity > Severity ? newer.Severity : Severity,
        Evidence = [.. Evidence.Concat(newer.Evidence).TakeLast(AlertEvidence.MaxItems)],
        ModuleId = newer.ModuleId ?? ModuleId,
        ResourceId = newer.ResourceId ?? ResourceId,
        Count = Count + newer.Count,
    };
}

/// <summary>
/// Close the open alert as <see cref="Status"/> (resolved or expired), only if nothing was seen
/// after <see cref="NotSeenSince"/>: a breach recorded later (by this replica or another) wins.
/// </summary>
/// <param name="FiringOnly">Expiry: an acknowledged alert is someone's and does not expire.</param>
internal sealed record CloseIntent(
    string Fingerprint,
    DateTimeOffset At,
    long ArrivalTimestamp,
    AlertStatus Status,
    DateTimeOffset NotSeenSince,
    bool FiringOnly = false) : AlertIntent(Fingerprint, At, ArrivalTimestamp);
