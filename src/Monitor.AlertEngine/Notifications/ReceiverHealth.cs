namespace Monitor.AlertEngine.Notifications;

/// <summary>Since when each receiver has been failing (cleared by its next success).</summary>
internal sealed class ReceiverHealth
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Since, string Error)> _failing = new(StringComparer.Ordinal);

    /// <summary>Returns true when the receiver was failing until now.</summary>
    public bool Succeeded(string receiver)
    {
        lock (_lock)
        {
            return _failing.Remove(receiver);
        }
    }

    public void Failed(string receiver, DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            _failing[receiver] = _failing.TryGetValue(receiver, out var known) ? (known.Since, error) : (at, error);
        }
    }

    public IReadOnlyList<(string Receiver, DateTimeOffset Since, string Error)> FailingSince(DateTimeOffset before)
    {
        lock (_lock)
        {
            return [.. _failing.Where(f => f.Value.Since <= before).Select(f => (f.Key, f.Value.Since, f.Value.Error)).OrderBy(f => f.Key, StringComparer.Ordinal)];
        }
    }
}
