using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The longest values the store keeps, the same on both engines (the SQL Server columns are sized
/// to them). Telemetry and users write these fields; a longer value is cut here, at the store
/// boundary, so that it can never make a write fail (and hold up the writes behind it).
/// </summary>
internal static class StoreLimits
{
    public const int Job = 256;
    public const int Type = 128;
    public const int Message = 2000;
    public const int Identifier = 256;
    public const int Actor = 256;
    public const int Comment = 2000;
    public const int LabelValue = 1024;
    public const int Labels = 32;

    private const string Marker = "…";

    public static PerformanceAlert Bound(PerformanceAlert alert) => alert with
    {
        Type = Cut(alert.Type, Type),
        Message = Cut(alert.Message, Message),
        ModuleId = CutOrNull(alert.ModuleId, Identifier),
        ResourceId = CutOrNull(alert.ResourceId, Identifier),
        Labels = alert.Labels.Count <= Labels && alert.Labels.All(l => l.Key.Length <= LabelValue && l.Value.Length <= LabelValue)
            ? alert.Labels
            : alert.Labels.Take(Labels).ToDictionary(l => Cut(l.Key, LabelValue), l => Cut(l.Value, LabelValue), StringComparer.Ordinal),
        AcknowledgedBy = CutOrNull(alert.AcknowledgedBy, Actor),
        AcknowledgeComment = CutOrNull(alert.AcknowledgeComment, Comment),
        SilenceId = CutOrNull(alert.SilenceId, Identifier),
    };

    public static AlertTransition Bound(AlertTransition transition) => transition with
    {
        Actor = CutOrNull(transition.Actor, Actor),
        Comment = CutOrNull(transition.Comment, Comment),
    };

    /// <summary>The job column: the label, cut to the column.</summary>
    public static string JobOf(PerformanceAlert alert) => Cut(alert.Job, Job);

    private static string? CutOrNull(string? value, int max) => value is null ? null : Cut(value, max);

    private static string Cut(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }
        var keep = max - Marker.Length;
        // Never split a surrogate pair: half of one is not text.
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }
        return string.Concat(value.AsSpan(0, keep), Marker);
    }
}
