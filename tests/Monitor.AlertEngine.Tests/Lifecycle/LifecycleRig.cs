using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.AlertEngine.Tests.Storage;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Tests.Lifecycle;

/// <summary>The real manager and outbox over a real SQLite file, with a clock the test moves.</summary>
internal sealed class LifecycleRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestStore _store;

    private LifecycleRig(TestStore store, IAlertStore used)
    {
        _store = store;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Time = new FakeTimeProvider(Alerts.T0);
        Outbox = new AlertOutbox(used, new AlertLog(NullLogger<AlertLog>.Instance), TimeProvider.System);
        Manager = new AlertManager(Outbox, used, new AlertMeter(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new AlertLog(NullLogger<AlertLog>.Instance), Time);
    }

    public FakeTimeProvider Time { get; }

    public AlertOutbox Outbox { get; }

    public AlertManager Manager { get; }

    /// <summary>The real store (not what <c>wrap</c> put in front of it).</summary>
    public IAlertStore Store => _store.Store;

    public string SqliteFile => _store.SqliteFile!;

    /// <summary>Starts the rig; <paramref name="wrap"/> puts something between the manager and outbox and the real store.</summary>
    public static async Task<LifecycleRig> StartAsync(Func<IAlertStore, IAlertStore>? wrap = null)
    {
        var store = await StoreEngines.CreateAsync(StorageOptions.Sqlite);
        var rig = new LifecycleRig(store, wrap?.Invoke(store.Store) ?? store.Store);
        await rig.Outbox.StartAsync(TestContext.Current.CancellationToken);
        return rig;
    }

    public RuleBreach Breach(string severity, string job = "job-a", double value = 0.3, PipelineSpan? span = null, string rule = RuleSet.ErrorRate)
    {
        var scope = new Dictionary<string, string> { ["job"] = job };
        return new RuleBreach(rule, Fingerprint.Of(rule, scope), scope, severity, value, 0.05, 0.2, $"{rule} {value}", Time.GetUtcNow(), span);
    }

    public PerformanceAlert Fire(RuleBreach breach) => Manager.Apply([breach], []).Single();

    public static PipelineSpan Span(string moduleId) => new("job-a", "i", PipelineStage.ModuleGeneration, false, 90, Alerts.T0,
        ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), moduleId, "resource-" + moduleId, null, null, null, 0, 0);

    /// <summary>The alert as the store has it once the outbox has written everything.</summary>
    public async Task<PerformanceAlert> StoredAsync(string id)
    {
        await Outbox.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return (await Store.GetAsync(id, TestContext.Current.CancellationToken))!;
    }

    public async Task<IReadOnlyList<string>> HistoryAsync(string id)
    {
        await Outbox.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return [.. (await Store.GetHistoryAsync(id, TestContext.Current.CancellationToken)).Select(t => t.Action)];
    }

    public async ValueTask DisposeAsync()
    {
        await Outbox.StopAsync(CancellationToken.None);
        Outbox.Dispose();
        await _services.DisposeAsync();
        _store.Dispose();
    }
}
