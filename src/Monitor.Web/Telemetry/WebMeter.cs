using System.Diagnostics.Metrics;

namespace Monitor.Web.Telemetry;

/// <summary>The web host's own instruments (meter <see cref="Name"/>), on /metrics with the rest.</summary>
internal sealed class WebMeter
{
    public const string Name = "PipelineMonitor.Web";

    private readonly Counter<long> _hubRejected;

    public WebMeter(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _hubRejected = meter.CreateCounter<long>("monitor.hub.rejected", "{call}",
            "Hub connections and calls refused, by reason: origin, rate_limited, snapshot_limited, session_ended, invalid_argument, not_found, unavailable.");
    }

    public void HubRejected(string reason) => _hubRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
