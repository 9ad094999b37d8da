using System.Diagnostics.Tracing;
using HdrHistogram;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Monitor.LoadTests;

/// <summary>
/// Every garbage-collection pause of the monitor, from the runtime's own GC events read over
/// EventPipe (the channel dotnet-trace and dotnet-counters use): a pause lasts from the start of
/// suspending the managed threads to the end of restarting them. The runtime's metrics only give
/// the total pause time, not the longest pause, nor why a collection ran: the recorder also counts
/// collections by generation and by the runtime's reason (a full collection because the large object
/// heap's budget ran out is another problem than one the small heap asked for), samples what was
/// allocated by type, and counts the shared ArrayPool's rents that found it empty.
/// </summary>
internal sealed class GcPauseRecorder : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _lock = new();
    private readonly LongHistogram _pauses = new(TimeStamp.Seconds(60), 3);
    private double _suspendStartedMs = -1;
    private double _totalMs;
    private readonly Dictionary<(int Generation, string Reason), long> _collections = [];
    private readonly Dictionary<string, long> _allocatedByType = new(StringComparer.Ordinal);
    private long _poolExhausted;

    private GcPauseRecorder(int pid)
    {
        // Verbose: also the allocation ticks (one per ~100 KB allocated, naming the type that crossed it).
        EventPipeProvider[] providers =
        [
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC),
            // BufferAllocated (informational): a rent the shared pool could not serve from what it keeps.
            new("System.Buffers.ArrayPoolEventSource", EventLevel.Informational),
        ];
        _session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.AddCallbackForProviderEvent("System.Buffers.ArrayPoolEventSource", "BufferAllocated", e =>
        {
            // Reason 2 = PoolExhausted: the pool keeps arrays of this size but had none left.
            if (Convert.ToInt32(e.PayloadByName("reason"), System.Globalization.CultureInfo.InvariantCulture) == 2)
            {
                Interlocked.Increment(ref _poolExhausted);
            }
        });
        _source.Clr.GCSuspendEEStart += e => _suspendStartedMs = e.TimeStampRelativeMSec;
        _source.Clr.GCStart += e =>
        {
            var key = (e.Depth, e.Reason.ToString());
            lock (_lock)
            {
                _collections[key] = _collections.GetValueOrDefault(key) + 1;
            }
        };
        _source.Clr.GCAllocationTick += e =>
        {
            lock (_lock)
            {
                _allocatedByType[e.TypeName] = _allocatedByType.GetValueOrDefault(e.TypeName) + e.AllocationAmount64;
            }
        };
        _source.Clr.GCRestartEEStop += e =>
        {
            if (_suspendStartedMs < 0)
            {
                return;
            }
            var pauseMs = e.TimeStampRelativeMSec - _suspendStartedMs;
            _suspendStartedMs = -1;
            lock (_lock)
            {
                _pauses.RecordValue(Math.Max(1, (long)(pauseMs * 1000)));
                _totalMs += pauseMs;
            }
        };
        _processing = Task.Factory.StartNew(() => _source.Process(), TaskCreationOptions.LongRunning);
    }

    public static GcPauseRecorder Start(int pid) => new(pid);

    /// <summary>Pauses so far (events arrive with up to about a second of delay).</summary>
    public GcPauses Read()
    {
        lock (_lock)
        {
            return new GcPauses(_pauses.TotalCount, _totalMs, _pauses.TotalCount == 0 ? 0 : _pauses.GetMaxValue() / 1000.0,
                _pauses.TotalCount == 0 ? 0 : _pauses.GetValueAtPercentile(99) / 1000.0);
        }
    }

    /// <summary>Collections so far by generation and reason, most frequent first, e.g. "gen0 AllocSmall 412, gen2 AllocLarge 35".</summary>
    public string CollectionsByReason()
    {
        lock (_lock)
        {
            return string.Join(", ", _collections.OrderByDescending(c => c.Value).Select(c => $"gen{c.Key.Generation} {c.Key.Reason} {c.Value}"));
        }
    }

    /// <summary>
    /// Bytes allocated so far, sampled (each tick counts the ~100 KB since the last to the type allocated
    /// when it fired), and the types with the largest shares, e.g. "1,200 MB: System.Byte[] 61 %, ...".
    /// </summary>
    public string Allocations(int top = 6)
    {
        lock (_lock)
        {
            var total = _allocatedByType.Values.Sum();
            return total == 0 ? "none sampled" : $"{total / 1048576.0:N0} MB: " + string.Join(", ", _allocatedByType
                .OrderByDescending(t => t.Value).Take(top).Select(t => $"{t.Key} {100.0 * t.Value / total:0} %"));
        }
    }

    /// <summary>Arrays the shared ArrayPool allocated because it had none of the size left (each a future garbage).</summary>
    public long SharedPoolExhausted => Interlocked.Read(ref _poolExhausted);

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (ServerNotAvailableException)
        {
            // The monitor is already gone.
        }
        _processing.Wait(TimeSpan.FromSeconds(10));
        _source.Dispose();
        _session.Dispose();
    }
}

/// <summary>GC pauses seen so far: how many, their total, the longest and the 99th percentile (milliseconds).</summary>
internal readonly record struct GcPauses(long Count, double TotalMs, double MaxMs, double P99Ms);
