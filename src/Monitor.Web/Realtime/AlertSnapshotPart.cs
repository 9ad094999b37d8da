using Monitor.AlertEngine.Model;

namespace Monitor.Web.Realtime;

/// <summary>
/// One message of the open alerts' snapshot as list rows (<c>alerts_snapshot</c>): part
/// <see cref="Part"/> (from 0) of <see cref="Parts"/>, at most <see cref="MaxAlerts"/> alerts each;
/// the client takes the snapshot once the last part arrived. Parts because a browser is slower with one
/// large WebSocket message than with several smaller ones: 3.1 MB as one message kept Chromium busy
/// 65-130 ms after it arrived, as ten messages 7-11 ms, for the same transfer (docs/performance.md).
/// </summary>
internal sealed record AlertSnapshotPart(int Part, int Parts, AlertSummary[] Alerts)
{
    public const int MaxAlerts = 1_000;

    /// <summary>The open alerts as list rows, in order, in parts of at most <see cref="MaxAlerts"/>; one empty part when none is open.</summary>
    public static IEnumerable<AlertSnapshotPart> Of(IReadOnlyList<PerformanceAlert> open)
    {
        var parts = Math.Max(1, (open.Count + MaxAlerts - 1) / MaxAlerts);
        for (var part = 0; part < parts; part++)
        {
            yield return new AlertSnapshotPart(part, parts, [.. open.Skip(part * MaxAlerts).Take(MaxAlerts).Select(AlertSummary.Of)]);
        }
    }
}
