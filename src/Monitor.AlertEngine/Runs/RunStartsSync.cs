using Microsoft.Extensions.Hosting;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.RunStarts;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Runs;

/// <summary>
/// Shares run starts through the store: writes the ones this replica saw, reads everyone's, so the
/// expected-run check knows of a run another replica or an earlier process saw. A store that fails
/// leaves the last read (and this replica's own starts) in force until the next round.
/// </summary>
internal sealed class RunStartsSync(IRunFeed runs, IRunStartStore store, AlertStoreService storeService, AlertLog log, TimeProvider time)
    : BackgroundService, ISharedRunStarts
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);
    private StoredRunStarts? _latest;

    /// <summary>The store's run starts as last read; null before the first read.</summary>
    public StoredRunStarts? Latest => Volatile.Read(ref _latest);

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
        try
        {
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
