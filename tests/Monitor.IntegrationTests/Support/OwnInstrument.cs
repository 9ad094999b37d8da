using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.TestSupport;

/// <summary>
/// The measurements of one of a host's own instruments (made by its <see cref="IMeterFactory"/>),
/// summed per tag value. A test process runs many hosts at once, and the OpenTelemetry SDK
/// subscribes to meters by name, so one host's /metrics can mix in, or lose to a disposed host,
/// another host's instrument of the same name; in production one process holds one monitor.
/// </summary>
internal sealed class OwnInstrument : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new(StringComparer.Ordinal);
    private readonly string? _tag;

    /// <param name="tag">The tag whose value the totals are kept by; null for one total.</param>
    public OwnInstrument(MonitorHost host, string name, string? tag = null)
    {
        _tag = tag;
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    /// <summary>The sum of the measurements made since this was created, for <paramref name="tagValue"/> of the tag (or all).</summary>
    public double Total(string? tagValue = null) => _totals.GetValueOrDefault(tagValue ?? string.Empty);

    private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = string.Empty;
        if (_tag is not null)
        {
            foreach (var (name, tagValue) in tags)
            {
                if (name == _tag)
                {
                    key = tagValue?.ToString() ?? string.Empty;
                }
            }
        }
        _totals.AddOrUpdate(key, value, (_, total) => total + value);
    }

    public void Dispose() => _listener.Dispose();
}
