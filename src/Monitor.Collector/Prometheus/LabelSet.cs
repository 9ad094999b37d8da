namespace Monitor.Collector.Prometheus;

/// <summary>
/// A series identity for pass-through metrics: label name/value pairs sorted by name, with the
/// hash computed once. Names are valid Prometheus label names already. A label with an empty value
/// is no label at all (Prometheus' data model), so it is left out here, where identity is decided:
/// <c>route=""</c> and no <c>route</c> are one series, not two identical lines.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _labels;
    private readonly int _hash;

    public LabelSet(List<KeyValuePair<string, string>> labels)
    {
        labels.RemoveAll(static l => l.Value.Length == 0);
        labels.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _labels = MergeDuplicates(labels);
        var hash = new HashCode();
        foreach (var (name, value) in _labels)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }
        _hash = hash.ToHashCode();
    }

    public ReadOnlySpan<KeyValuePair<string, string>> Labels => _labels;

    /// <summary>About the bytes of <c>name="value",...</c> (before escaping): what every line of the series repeats.</summary>
    public int EncodedLength
    {
        get
        {
            var length = 0;
            foreach (var (name, value) in _labels)
            {
                length += name.Length + System.Text.Encoding.UTF8.GetByteCount(value) + 4;
            }
            return length;
        }
    }

    public bool Equals(LabelSet? other)
    {
        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length)
        {
            return false;
        }
        for (var i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Key, other._labels[i].Key, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    // Two attribute keys can sanitise to one label name (a.b and a_b); the specification joins
    // their values with ';', as the specification asks.
    private static KeyValuePair<string, string>[] MergeDuplicates(List<KeyValuePair<string, string>> sorted)
    {
        var result = new List<KeyValuePair<string, string>>(sorted.Count);
        foreach (var label in sorted)
        {
            if (result.Count > 0 && result[^1].Key == label.Key)
            {
                result[^1] = new(label.Key, result[^1].Value + ";" + label.Value);
            }
            else
            {
                result.Add(label);
            }
        }
        return [.. result];
    }
}
