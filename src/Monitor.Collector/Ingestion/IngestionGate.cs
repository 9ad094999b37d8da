using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// Admits OTLP requests in two steps. Before a body is read (<see cref="Admit"/>): while the GC
/// heap is past the memory limit (<see cref="MemoryLimiter"/>), while work waits longer than
/// <c>Otlp:MaxSchedulingDelay</c> for a thread (CPU), or while more than
/// <c>Otlp:MaxQueuedConnections</c> wait in Kestrel before any handler (<see cref="KestrelQueue"/>),
/// a request is refused at once and the exporter retries after the advertised delay. Once the body
/// has arrived (<see cref="TryTakeSlot"/>): at most <c>Otlp:MaxConcurrentRequests</c> are decoded at
/// once (memory). A slot is never held while a client sends, so slow senders cannot starve the
/// others; the body's own deadline (Otlp:RequestBodyTimeout) bounds how long they take.
/// Refusing costs a fraction of decoding, so at any load the monitor spends its CPU on the requests
/// it accepts, and the UI, API and alerts keep answering (docs/decisions/0003).
/// </summary>
internal sealed class IngestionGate(IOptions<OtlpOptions> options, SchedulingDelayProbe schedulingDelay, MemoryLimiter memory, KestrelQueue kestrel)
{
    private readonly int _limit = options.Value.MaxConcurrentRequests;
    private readonly TimeSpan _maxSchedulingDelay = options.Value.MaxSchedulingDelay;
    private readonly int _maxQueued = options.Value.MaxQueuedConnections;
    private int _inFlight;

    /// <summary>Null when the monitor has room for a request now; else why it is refused (a <see cref="RejectReason"/>). Takes nothing.</summary>
    public string? Admit()
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
        return null;
    }

    /// <summary>Takes one of the Otlp:MaxConcurrentRequests slots for a request whose body is in hand; false when all are taken.</summary>
    public bool TryTakeSlot()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Gives back a slot <see cref="TryTakeSlot"/> took.</summary>
    public void ReleaseSlot() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Both steps at once, for a transport that has the whole message before its handler runs (gRPC): null when admitted (release the slot when done).</summary>
    public string? TryEnter() => Admit() ?? (TryTakeSlot() ? null : RejectReason.Overloaded);

    /// <summary>What a refused request is told, before the transport's own "retry after ..." (Retry-After, RetryInfo).</summary>
    public static string Explain(string refusal) => refusal == RejectReason.MemoryLimited
        ? "the monitor is past its memory limit (Otlp:MemoryLimitPercent)"
        : "the monitor is overloaded";
}
