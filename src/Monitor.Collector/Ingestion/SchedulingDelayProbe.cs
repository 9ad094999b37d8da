using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// How long work has been waiting for a thread-pool thread. When the monitor has more work than CPU,
/// request processing waits there — before any handler, gate or queue of ours sees it — and the wait
/// reaches the UI and alerts too. (A backlog held in the sockets or Kestrel's own I/O queue is not
/// seen: docs/performance.md, "Overload".) A probe thread of its own (the pool's timers would wait in the same queue) puts a tiny work item
/// on the pool's global queue every 20 ms and times its wait.
/// <para>
/// <see cref="Current"/> is the shortest wait of the probes that finished in the last half second
/// (or, if none did, how long the waiting one has waited): a standing queue, not a burst. As in
/// CoDel, the minimum tells them apart: a burst (a broadcast to thousands of clients, a GC pause)
/// raises some waits, a CPU that cannot keep up raises all of them.
/// </para>
/// </summary>
internal sealed class SchedulingDelayProbe : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly long Window = Stopwatch.Frequency / 2;

    private readonly ManualResetEventSlim _stopping = new();
    // Written by the probe thread only: (finished at, waited) of recent probes, oldest first.
    private readonly Queue<(long FinishedAt, long Waited)> _recent = new();
    private Thread? _thread;
    private long _pendingSince;
    private long _lastFinishedAt;
    private long _lastWaited;
    private long _current;

    /// <summary>The standing wait for a thread-pool thread (zero before the probe starts).</summary>
    public TimeSpan Current => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _current));

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
        while (!_stopping.Wait(Interval))
        {
            var now = Stopwatch.GetTimestamp();
            var pendingSince = Volatile.Read(ref _pendingSince);
            if (pendingSince == 0)
            {
                if (Volatile.Read(ref _lastFinishedAt) is var finishedAt and not 0)
                {
                    _recent.Enqueue((finishedAt, Volatile.Read(ref _lastWaited)));
                    Volatile.Write(ref _lastFinishedAt, 0);
                }
                Volatile.Write(ref _pendingSince, now);
                ThreadPool.UnsafeQueueUserWorkItem(static probe => probe.Ran(), this, preferLocal: false);
            }
            while (_recent.TryPeek(out var oldest) && now - oldest.FinishedAt > Window)
            {
                _recent.Dequeue();
            }
            var shortest = long.MaxValue;
            foreach (var (_, waited) in _recent)
            {
                shortest = Math.Min(shortest, waited);
            }
            // No probe finished within the window: the one still waiting tells how long it is.
            Volatile.Write(ref _current, shortest != long.MaxValue ? shortest : pendingSince == 0 ? 0 : now - pendingSince);
        }
    }

    private void Ran()
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastWaited, now - Volatile.Read(ref _pendingSince));
        Volatile.Write(ref _lastFinishedAt, now);
        Volatile.Write(ref _pendingSince, 0);
    }
}
