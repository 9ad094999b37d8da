using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// How many connections Kestrel has accepted but not yet started, and how many HTTP/2 requests
/// (OTLP/gRPC exports) wait for a thread: the wait before any of the monitor's code runs, which the
/// scheduling-delay probe cannot see. An overload run found 738 connections queued there while
/// accepted exports waited 1.5 s (docs/performance.md, "Overload and the wait before a handler"). Read from Kestrel's own
/// instruments (<c>kestrel.queued_connections</c>, <c>kestrel.queued_requests</c>), which it
/// updates as connections and requests enter and leave its queues; they are exported on /metrics as
/// well (<c>kestrel_queued_connections</c>, <c>kestrel_queued_requests</c>). It listens from
/// start-up, before Kestrel accepts anything, so that every +1 has its -1.
/// </summary>
internal sealed class KestrelQueue : IHostedService, IDisposable
{
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

    private readonly MeterListener _listener = new();
    private long _queued;

    public KestrelQueue()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name == KestrelMeter && instrument.Name is "kestrel.queued_connections" or "kestrel.queued_requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref _queued, change));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Connections and HTTP/2 requests waiting in Kestrel now (all listeners).</summary>
    public long Waiting => Math.Max(0, Volatile.Read(ref _queued));

    public void Dispose() => _listener.Dispose();
}
