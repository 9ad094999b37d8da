using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// How long work waits for a thread-pool thread right now. Kestrel hands every connection's reads
/// to the thread pool, so when the monitor has more OTLP work than CPU, requests wait there —
/// before any handler, gate or queue of ours sees them — and the delay reaches the UI and alerts
/// too. A probe thread of its own (the pool's timers would wait in the same queue) puts a tiny work
/// item on the pool's global queue every 20 ms and times its wait. <see cref="Current"/> is the
/// longest wait of the last half to one second, or the age of a probe still waiting.
/// </summary>
internal sealed class SchedulingDelayProbe : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly long HalfWindow = Stopwatch.Frequency / 2;

    private readonly ManualResetEventSlim _stopping = new();
    private Thread? _thread;
    private long _pendingSince;
    private long _lastWait;
    private long _currentMax;
    private long _previousMax;

    /// <summary>The scheduling delay the monitor's work sees now (zero before the probe starts).</summary>
    public TimeSpan Current
    {
        get
        {
            var pendingSince = Volatile.Read(ref _pendingSince);
            var waiting = pendingSince == 0 ? 0 : Stopwatch.GetTimestamp() - pendingSince;
            var longest = Math.Max(waiting, Math.Max(Volatile.Read(ref _currentMax), Volatile.Read(ref _previousMax)));
            return Stopwatch.GetElapsedTime(0, Math.Max(0, longest));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Scheduling delay probe" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Set();
        _thread?.Join();
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    private void Run()
    {
        var windowStarted = Stopwatch.GetTimestamp();
        // This thread alone writes the maxima; the pool thread only reports its wait.
        while (!_stopping.Wait(Interval))
        {
            if (Volatile.Read(ref _pendingSince) == 0)
            {
                Volatile.Write(ref _currentMax, Math.Max(Volatile.Read(ref _currentMax), Volatile.Read(ref _lastWait)));
                Volatile.Write(ref _pendingSince, Stopwatch.GetTimestamp());
                ThreadPool.UnsafeQueueUserWorkItem(static probe => probe.Ran(), this, preferLocal: false);
            }
            var now = Stopwatch.GetTimestamp();
            if (now - windowStarted >= HalfWindow)
            {
                Volatile.Write(ref _previousMax, Volatile.Read(ref _currentMax));
                Volatile.Write(ref _currentMax, 0);
                windowStarted = now;
            }
        }
    }

    private void Ran()
    {
        Volatile.Write(ref _lastWait, Stopwatch.GetTimestamp() - Volatile.Read(ref _pendingSince));
        Volatile.Write(ref _pendingSince, 0);
    }
}
