using System.Collections.Concurrent;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// One admitted pipeline: its sliding window and the resource types and models it may report.
/// Each of those is capped (<c>Collector:MaxResourceTypesPerPipeline</c>): a type past the cap is
/// counted as <see cref="Other"/>, so a pipeline that puts ids in its resource type cannot grow
/// the snapshot, its series or a client's payload without bound.
/// </summary>
internal sealed class TrackedPipeline(string job, TimeSpan window, int maxValues)
{
    /// <summary>What a resource type or model past the cap is counted as.</summary>
    public const string Other = "_other";

    private readonly CappedSet _resourceTypes = new(maxValues);
    private readonly CappedSet _models = new(maxValues);

    public string Job => job;

    public PipelineWindow Window { get; } = new(job, window);

    /// <summary>The resource type as kept: itself while the cap allows, else <see cref="Other"/>.</summary>
    public string? ResourceType(string? type, out bool folded) => _resourceTypes.Keep(type, out folded);

    /// <summary>The model as kept: itself while the cap allows, else <see cref="Other"/>.</summary>
    public string? Model(string? model, out bool folded) => _models.Keep(model, out folded);

    /// <summary>A set that takes at most <c>max</c> values; Interlocked count, no lock on the span path.</summary>
    private sealed class CappedSet(int max)
    {
        private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);
        private int _count;

        public string? Keep(string? value, out bool folded)
        {
            folded = false;
            if (value is null || _values.ContainsKey(value))
            {
                return value;
            }
            if (Interlocked.Increment(ref _count) > max)
            {
                Interlocked.Decrement(ref _count);
                folded = true;
                return Other;
            }
            if (!_values.TryAdd(value, 0))
            {
                Interlocked.Decrement(ref _count);
            }
            return value;
        }
    }
}
