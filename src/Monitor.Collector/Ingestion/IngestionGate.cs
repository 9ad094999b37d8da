using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// Admits OTLP requests. Past <c>Otlp:MaxConcurrentRequests</c> requests decoded at once (memory),
/// while the GC heap is past the memory limit (<see cref="MemoryLimiter"/>), while work waits
/// longer than <c>Otlp:MaxSchedulingDelay</c> for a thread (CPU), or while more than
/// <c>Otlp:MaxQueuedConnections</c> wait in Kestrel before any handler (<see cref="KestrelQueue"/>), a request is
/// refused before its body is read or decoded, and the exporter retries after the advertised delay.
/// Refusing costs a fraction of decoding, so at any load the monitor spends its CPU on the requests
/// it accepts, and the UI, API and alerts keep answering (docs/decisions/0003).
/// </summary>
internal sealed class IngestionGate(IOptions<OtlpOptions> options, SchedulingDelayProbe schedulingDelay, MemoryLimiter memory, KestrelQueue kestrel)
{
    private readonly int _limit = options.Value.MaxConcurrentRequests;
    private readonly TimeSpan _maxSchedulingDelay = options.Value.MaxSchedulingDelay;
    private readonly int _maxQueued = options.Value.MaxQueuedConnections;
    private int _inFlight;

    /// <summary>Null when the request is admitted (call <see cref="Exit"/> when done); else why it is refused (a <see cref="RejectReason"/>).</summary>
    public string? TryEnter()
    {
        if (memory.IsOverLimit())
        {
            return RejectReason.MemoryLimited;
        }
        if (_maxSchedulingDelay > TimeSpan.Zero && schedulingDelay.Current > _maxSchedulingDelay)
        {
            return RejectReason.Overloaded;
        }
        // Answering the requests that reached a handler with a cheap refusal frees their exporters
        // and connections sooner, so the queue in front drains instead of growing.
        if (_maxQueued > 0 && kestrel.Waiting > _maxQueued)
        {
            return RejectReason.Overloaded;
        }
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            return null;
        }
        Interlocked.Decrement(ref _inFlight);
        return RejectReason.Overloaded;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>What a refused request is told, before the transport's own "retry after ..." (Retry-After, RetryInfo).</summary>
    public static string Explain(string refusal) => refusal == RejectReason.MemoryLimited
        ? "the monitor is past its memory limit (Otlp:MemoryLimitPercent)"
        : "the monitor is overloaded";
}
