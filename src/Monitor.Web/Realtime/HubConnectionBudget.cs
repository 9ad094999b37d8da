namespace Monitor.Web.Realtime;

/// <summary>
/// One connection's allowance of calls (a token bucket of <c>Hub:CallsPerSecond</c>, bursts of
/// <c>Hub:CallBurst</c>) and of full snapshots (<c>Hub:SnapshotsPerMinute</c>, refilled over the minute).
/// Kept in the connection's items; its calls come one at a time, the lock is for the odd overlap.
/// </summary>
internal sealed class HubConnectionBudget(MonitorHubOptions options, TimeProvider time)
{
    private const string Key = "budget";

    private readonly Lock _lock = new();
    private double _calls = options.CallBurst;
    private double _snapshots = options.SnapshotsPerMinute;
    private long _at = time.GetTimestamp();

    public static HubConnectionBudget Of(IDictionary<object, object?> items, MonitorHubOptions options, TimeProvider time) =>
        (HubConnectionBudget)(items.TryGetValue(Key, out var budget) ? budget! : items[Key] = new HubConnectionBudget(options, time));

    /// <summary>The budget <see cref="Of"/> put in <paramref name="items"/>; null when none has.</summary>
    public static HubConnectionBudget? In(IDictionary<object, object?> items) => items.TryGetValue(Key, out var budget) ? (HubConnectionBudget?)budget : null;

    public bool TryCall() => TryTake(ref _calls);

    public bool TrySnapshot() => TryTake(ref _snapshots);

    private bool TryTake(ref double allowance)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var seconds = time.GetElapsedTime(_at, now).TotalSeconds;
            _at = now;
            _calls = Math.Min(options.CallBurst, _calls + (seconds * options.CallsPerSecond));
            _snapshots = Math.Min(options.SnapshotsPerMinute, _snapshots + (seconds * options.SnapshotsPerMinute / 60));
            if (allowance < 1)
            {
                return false;
            }
            allowance--;
            return true;
        }
    }
}
