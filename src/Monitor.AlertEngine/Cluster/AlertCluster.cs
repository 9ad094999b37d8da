using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Cluster;

/// <summary>
/// Keeps this replica's copy of the open alerts equal to the store's: loads them once the store
/// is ready, tells the others when it stored changes (channel <see cref="Channel"/>), and reads
/// what changed in the store since the last version it read when another replica says so and
/// every <c>Cluster:ReconcileInterval</c>, which covers any lost announcement. An announcement only
/// says that there is something to read: the alerts themselves always come from the store, so a
/// message, even one that passed the bus's seal, cannot put an alert or a version into a replica.
/// </summary>
internal sealed class AlertCluster(
    IClusterBus bus,
    OpenAlertSet manager,
    IAlertStore store,
    AlertStoreService storeService,
    IOptions<ClusterOptions> options,
    AlertLog log,
    TimeProvider time) : BackgroundService
{
    public const string Channel = "pipeline-monitor:alerts";

    private const int ChangesPerRead = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private IDisposable? _subscription;
    private long _reconciledUpTo;

    /// <summary>Completes once the open alerts of the store are loaded.</summary>
    public Task Loaded => _loaded.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        manager.StoredHere += Announce;
        _subscription = bus.Subscribe(Channel, Receive);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        manager.StoredHere -= Announce;
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await storeService.Ready.WaitAsync(stoppingToken);
            await LoadAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // Another replica's announcement wakes it early; announcements while it reads are one read after.
                using (var interval = new CancellationTokenSource(options.Value.ReconcileInterval, time))
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(interval.Token, stoppingToken))
                {
                    try
                    {
                        await _wake.WaitAsync(either.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The interval passed.
                    }
                }
                await ReconcileAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads every change since the last version read (also called by tests).</summary>
    internal async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<PerformanceAlert> changed;
            do
            {
                changed = await store.GetChangedSinceAsync(Volatile.Read(ref _reconciledUpTo), ChangesPerRead, cancellationToken);
                if (changed.Count > 0)
                {
                    manager.TakeStored(changed);
                    Volatile.Write(ref _reconciledUpTo, changed.Max(a => a.Version));
                }
            }
            while (changed.Count == ChangesPerRead);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The store is away: the probe reports it; the next interval tries again.
            log.ReconcileFailed(error);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // The version first: whatever changes between the two reads is read again by the next reconcile.
                var version = await store.GetLatestVersionAsync(cancellationToken);
                var open = await store.GetOpenAsync(cancellationToken);
                manager.TakeStored(open);
                Volatile.Write(ref _reconciledUpTo, version);
                log.OpenAlertsLoaded(store.Provider, open.Count);
                _loaded.TrySetResult();
                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                log.ReconcileFailed(error);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void Announce(IReadOnlyList<PerformanceAlert> changed)
    {
        if (bus.IsShared && changed.Count > 0)
        {
            bus.Publish(Channel, JsonSerializer.SerializeToUtf8Bytes(new Announcement(bus.NodeId, changed.Max(a => a.Version)), Json));
        }
    }

    private void Receive(ReadOnlyMemory<byte> message)
    {
        var announcement = JsonSerializer.Deserialize<Announcement>(message.Span, Json);
        if (announcement is not null && announcement.Node != bus.NodeId && announcement.UpTo > Volatile.Read(ref _reconciledUpTo))
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // A read is due already.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>One replica stored changes up to this version: read them from the store.</summary>
    internal sealed record Announcement(string Node, long UpTo);
}
