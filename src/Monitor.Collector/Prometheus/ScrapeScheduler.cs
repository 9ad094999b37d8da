using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// Runs the writing of <c>/metrics</c> on one thread of its own at a lower scheduling priority than
/// the rest of the process (nice +10 on Linux, below normal elsewhere). A scrape of 100,000 series is
/// over 100 ms of CPU; on the thread pool it shared the cores evenly with OTLP exports, and their p99
/// doubled or tripled while scrapes ran (docs/performance.md). At a lower priority the kernel runs an
/// export's thread as soon as it is ready and the scrape takes the CPU the exports leave (decision 0021).
/// </summary>
public sealed partial class ScrapeScheduler : TaskScheduler, IDisposable
{
    /// <summary>The thread's nice value on Linux: its CFS weight is 110 against a normal thread's 1,024.</summary>
    public const int LinuxNice = 10;

    private const int PrioProcess = 0;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread _thread;

    public ScrapeScheduler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Prometheus scrape" };
        _thread.Start();
    }

    /// <summary>The thread's Linux id once it has started (0 elsewhere): for the specs to read its priority.</summary>
    public int LinuxThreadId { get; private set; }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Lets the thread end once what is queued has run; the queue itself is left to the GC, since the thread may still be reading it.</summary>
    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Disposed while a scrape was under way (the host is stopping): it finishes on the thread pool.
            ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];

    private void Run()
    {
        LowerPriority();
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    private void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return;
        }
        // Thread.Priority does nothing on Linux; the thread's own nice value does (a thread may always
        // lower its own priority). Failing leaves it at normal priority, as before this thread existed.
        try
        {
            LinuxThreadId = gettid();
            _ = setpriority(PrioProcess, LinuxThreadId, LinuxNice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without gettid (glibc before 2.30): scrapes are written at normal priority.
        }
    }

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc")]
    private static partial int setpriority(int which, int who, int priority);
}
