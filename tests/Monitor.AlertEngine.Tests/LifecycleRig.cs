using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.AlertEngine.Tests.Storage;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Tests;

/// <summary>
/// The real open set, breach throttle, commands, write queue and store service over a real SQLite
/// file, with a clock the test moves. Every change the open set publishes is recorded, in order.
/// </summary>
internal sealed class LifecycleRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestStore _store;
    private readonly FeedSubscription<IReadOnlyList<PerformanceAlert>> _changes;

    private LifecycleRig(TestStore store, IAlertStore used, CallbackRelay relay)
    {
        _store = store;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meter = new AlertMeter(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var log = new AlertLog(NullLogger<AlertLog>.Instance);
        Time = new FakeTimeProvider(Alerts.T0);
        StoreService = new AlertStoreService(used, new AlertEngine.Storage.WebSessions.SessionStore(store.Engine), store.Outbox,
            new FixedOptionsMonitor<MonitoringOptions>(new MonitoringOptions()), log, TimeProvider.System);
        Queue = new AlertWriteQueue(used, StoreService, log, meter, TimeProvider.System);
        Open = new OpenAlertSet(meter, log);
        relay.Target = Open;
        Throttle = new BreachThrottle(Open, Queue, Time);
        Commands = new AlertCommands(used, Open, log, Time);
        _changes = Open.SubscribeChanges(100_000);
    }

    public FakeTimeProvider Time { get; }

    public AlertStoreService StoreService { get; }

    public AlertWriteQueue Queue { get; }

    public OpenAlertSet Open { get; }

    public BreachThrottle Throttle { get; }

    public AlertCommands Commands { get; }

    /// <summary>The real store (not what <c>wrap</c> put in front of it).</summary>
    public IAlertStore Store => _store.Store;

    /// <summary>Starts the rig; <paramref name="wrap"/> puts something between the engine and the real store.</summary>
    public static async Task<LifecycleRig> StartAsync(Func<IAlertStore, IAlertStore>? wrap = null)
    {
        var relay = new CallbackRelay();
        var store = await StoreEngines.CreateAsync(StorageOptions.Sqlite, callback: relay);
        var rig = new LifecycleRig(store, wrap?.Invoke(store.Store) ?? store.Store, relay);
        await rig.StoreService.StartAsync(TestContext.Current.CancellationToken);
        await rig.Queue.StartAsync(TestContext.Current.CancellationToken);
        await rig.StoreService.Ready.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return rig;
    }

    public RuleBreach Breach(AlertSeverity severity, string job = "job-a", double value = 0.3, PipelineSpan? span = null, string rule = RuleCatalogue.ErrorRate)
    {
        var scope = new Dictionary<string, string> { ["job"] = job };
        if (rule == RuleCatalogue.SlowModule)
        {
            scope["stage"] = "module_generation";
        }
        return new RuleBreach(rule, Fingerprint.Of(rule, scope), scope, severity, value, 0.05, 0.2, $"{rule} {value}", Time.GetUtcNow(), span);
    }

    /// <summary>Applies a breach and returns the open alert of its problem once the store has the change.</summary>
    public async Task<PerformanceAlert> FireAsync(RuleBreach breach)
    {
        Throttle.Apply([breach], []);
        await FlushAsync();
        return Open.OpenFor(breach.Fingerprint) ?? throw new InvalidOperationException("no open alert after the breach");
    }

    /// <summary>Applies a clear of <paramref name="fingerprint"/> and returns the alerts published meanwhile.</summary>
    public async Task<IReadOnlyList<PerformanceAlert>> ClearAsync(string fingerprint)
    {
        Drain();
        Throttle.Apply([], [fingerprint]);
        await FlushAsync();
        return Drain();
    }

    /// <summary>Sweeps and returns the alerts the sweep changed once stored.</summary>
    public async Task<IReadOnlyList<PerformanceAlert>> SweepAsync(TimeSpan expiry)
    {
        Drain();
        Throttle.Sweep(expiry);
        await FlushAsync();
        return Drain();
    }

    /// <summary>Everything published since the last call, in order.</summary>
    public IReadOnlyList<PerformanceAlert> Drain()
    {
        var published = new List<PerformanceAlert>();
        while (_changes.Reader.TryRead(out var changes))
        {
            published.AddRange(changes);
        }
        return published;
    }

    public static PipelineSpan Span(string moduleId) => new("job-a", "i", PipelineStage.ModuleGeneration, false, 90, Alerts.T0,
        new TraceId((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64()), new SpanId((ulong)Random.Shared.NextInt64()), moduleId, "resource-" + moduleId, null, null, null, 0, 0);

    public Task FlushAsync() =>
        Queue.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    /// <summary>The alert as the store has it once the queue has written everything.</summary>
    public async Task<PerformanceAlert> StoredAsync(string id)
    {
        await FlushAsync();
        return (await Store.GetAsync(id, TestContext.Current.CancellationToken))!;
    }

    public async Task<IReadOnlyList<AlertAction>> HistoryAsync(string id)
    {
        await FlushAsync();
        return [.. (await Store.GetHistoryAsync(id, TestContext.Current.CancellationToken)).Select(t => t.Action)];
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Dispose();
        await Queue.StopAsync(CancellationToken.None);
        await StoreService.StopAsync(CancellationToken.None);
        Queue.Dispose();
        StoreService.Dispose();
        await _services.DisposeAsync();
        _store.Dispose();
    }
}

/// <summary>The store's commits, told to the open set the rig makes after the store.</summary>
internal sealed class CallbackRelay : IAlertStoreCallback
{
    public IAlertStoreCallback? Target { get; set; }

    public void Committed(IReadOnlyList<AlertChange> changes) => Target?.Committed(changes);
}
