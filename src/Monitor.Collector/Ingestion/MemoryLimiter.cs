using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// Refuses OTLP requests while the GC heap is past the memory limit (Otlp:MemoryLimitPercent of the
/// memory the runtime may use, or Otlp:MemoryLimitBytes), like the OpenTelemetry Collector's
/// memory_limiter: what the monitor keeps is bounded by its caps, but what it is sent is not, and a
/// refusal (the exporter retries) costs less than an out-of-memory kill. Past the limit it asks the
/// GC to collect, at most once a second, so garbage alone does not keep it refusing.
/// </summary>
internal sealed class MemoryLimiter
{
    private static readonly TimeSpan CollectAtMostEvery = TimeSpan.FromSeconds(1);

    private readonly Func<long> _heapBytes;
    private readonly TimeProvider _time;
    private long _lastCollect; // timestamp of the last collection asked for; 0: none yet
    private int _limited;

    public MemoryLimiter(IOptions<OtlpOptions> options, CollectorMeter meter, TimeProvider time)
        : this(options, meter, time, static () => GC.GetTotalMemory(forceFullCollection: false))
    {
    }

    /// <param name="heapBytes">Reads the GC heap; a test gives its own.</param>
    internal MemoryLimiter(IOptions<OtlpOptions> options, CollectorMeter meter, TimeProvider time, Func<long> heapBytes)
    {
        var otlp = options.Value;
        LimitBytes = otlp.MemoryLimitBytes > 0 ? otlp.MemoryLimitBytes
            : otlp.MemoryLimitPercent > 0 ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 100 * otlp.MemoryLimitPercent
            : 0;
        _heapBytes = heapBytes;
        _time = time;
        meter.ObserveMemoryLimit(LimitBytes, () => Volatile.Read(ref _limited));
    }

    /// <summary>The GC heap past which requests are refused; 0: no limit.</summary>
    public long LimitBytes { get; }

    /// <summary>Whether a request arriving now is to be refused (one read of the heap size: no allocation, no lock).</summary>
    public bool IsOverLimit()
    {
        var over = LimitBytes > 0 && _heapBytes() > LimitBytes;
        // Written only when it changes: every request reads it, none should dirty its cache line.
        if ((Volatile.Read(ref _limited) == 1) != over)
        {
            Volatile.Write(ref _limited, over ? 1 : 0);
        }
        if (!over)
        {
            return false;
        }
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastCollect);
        if ((last == 0 || _time.GetElapsedTime(last, now) >= CollectAtMostEvery) && Interlocked.CompareExchange(ref _lastCollect, now, last) == last)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        }
        return true;
    }
}
