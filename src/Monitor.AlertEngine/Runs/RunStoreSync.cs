using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Runs;

/// <summary>
/// Shares runs through the store: writes the run starts and ended runs this replica saw, reads
/// everyone's starts, so the expected-run check knows of a run another replica or an earlier process
/// saw and any replica can list a pipeline's runs. A store that fails leaves the last read (and this
/// replica's own starts) in force; ended runs wait for the next round (at most <see cref="MaxPending"/>).
/// </summary>
internal sealed class RunStoreSync(IRunFeed runs, IRunStore store, AlertStoreService storeService, IOptions<RunsOptions> options,
    AlertLog log, TimeProvider time) : BackgroundService, ISharedRunStarts
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private const int MaxPending = 10_000;

    private readonly Dictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);
    private readonly Queue<PipelineRun> _pending = new();
    private FeedSubscription<RunEnded>? _ended;
    private StoredRunStarts? _latest;

    /// <summary>The store's run starts as last read; null before the first read.</summary>
    public StoredRunStarts? Latest => Volatile.Read(ref _latest);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ended = runs.SubscribeEnded();
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _ended?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await storeService.Ready.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(Every, time);
            do
            {
                await SyncAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: write what is new, read everything.</summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        while (_ended!.Reader.TryRead(out var ended))
        {
            _pending.Enqueue(ended.Run);
            if (_pending.Count > MaxPending)
            {
                log.RunNotStored(_pending.Dequeue().RunId, MaxPending);
            }
        }
        try
        {
            while (_pending.TryPeek(out var run))
            {
                await store.RecordEndedAsync(run, options.Value.RecentRuns, cancellationToken);
                _pending.Dequeue();
            }
            foreach (var (job, started) in runs.LastStarts())
            {
                if (!_written.TryGetValue(job, out var written) || started > written)
                {
                    await store.RecordAsync(job, started, cancellationToken);
                    _written[job] = started;
                }
            }
            Volatile.Write(ref _latest, await store.ReadAsync(cancellationToken));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.RunStartsNotShared(error);
        }
    }
}
