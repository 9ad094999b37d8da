namespace Monitor.AlertEngine.Rules;

/// <summary>
/// The fingerprints of one rule's scopes, hashed once: window rules observe every pipeline many
/// times a second. Entries not used since a prune's cut-off are dropped, so the cache holds only
/// the scopes that are still observed.
/// </summary>
internal sealed class FingerprintCache(string rule)
{
    private readonly Dictionary<(string Job, string? Label, string? Value), (string Fingerprint, DateTimeOffset Used)> _cache = [];

    public string Of(in Observation observation, DateTimeOffset now)
    {
        var key = (observation.Job, observation.Label, observation.LabelValue);
        var fingerprint = _cache.TryGetValue(key, out var known) ? known.Fingerprint : Fingerprint.Of(rule, observation.Scope());
        _cache[key] = (fingerprint, now);
        return fingerprint;
    }

    public void Prune(DateTimeOffset before)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.Used < before)
            {
                _cache.Remove(key);
            }
        }
    }
}
