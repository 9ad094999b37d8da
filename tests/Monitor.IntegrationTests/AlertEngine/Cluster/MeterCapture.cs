using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.IntegrationTests.AlertEngine.Cluster;

/// <summary>
/// The measurements of one instrument made through <see cref="Factory"/>, summed per value of one
/// tag: for parts built by hand in a test (no host), whose meters come from this factory alone.
/// </summary>
internal sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public static IMeterFactory Factory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public MeterCapture(string instrument, string tag)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Scope == Factory && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var (name, tagValue) in tags)
            {
                if (name == tag)
                {
                    _totals.AddOrUpdate(tagValue?.ToString() ?? string.Empty, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    public long Total(string tagValue) => _totals.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
