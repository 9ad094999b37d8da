using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitor.IntegrationTests.Web.Realtime;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Hosting;

/// <summary>
/// The settings file is edited while the monitor runs, badly then well, with a client connected.
/// A refused reload keeps the whole last good configuration, says why (health, naming the key or
/// the file), and the next good one is taken; pushes and /api/config go on throughout.
/// </summary>
public sealed class ConfigurationReloadTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("monitor-settings-");
    private MonitorHost _monitor = null!;

    private string SettingsFile => Path.Combine(_folder.FullName, "settings.json");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await WriteAsync("""{ "Monitoring": { "HealthCheckInterval": "00:00:01", "AlertThresholds": { "ErrorRate": { "Warning": 0.05 } } } }""");
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Collector:SnapshotInterval"] = "00:00:00.2" }, settingsFile: SettingsFile);
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task BadThenMalformedThenGoodFile_LastGoodKeptAndNamed_PushesNeverStop_GoodOneTaken()
    {
        using (var spans = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces("reloaded", OtlpRequests.Span("hooks"))), Cancel))
        {
            spans.EnsureSuccessStatusCode();
        }
        var arrivals = new List<long>();
        await using var client = HubTests.Connect(_monitor);
        client.On<JsonElement>("fleet_update", _ =>
        {
            lock (arrivals)
            {
                arrivals.Add(Stopwatch.GetTimestamp());
            }
        });
        foreach (var other in new[] { "metrics_update", "status_update", "alerts_update", "health_check_complete" })
        {
            client.On<JsonElement>(other, static _ => { });
        }
        await client.StartAsync(Cancel);
        // The pipeline stays busy, so its figures change and the fleet summary goes out every tick.
        using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var feeding = Task.Run(async () =>
        {
            while (!stopFeeding.IsCancellationRequested)
            {
                using var span = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces("reloaded", OtlpRequests.Span("hooks"))), CancellationToken.None);
                span.EnsureSuccessStatusCode();
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);

        // A value no rule can use.
        await WriteAsync("""{ "Monitoring": { "HealthCheckInterval": "00:00:01", "AlertThresholds": { "ErrorRate": { "Warning": "NaN" } } } }""");
        await IssueAsync("Monitoring:AlertThresholds:ErrorRate:Warning must be a finite number");
        Assert.Equal(0.05, await WarningInForceAsync());

        // Not JSON at all (the framework would have read it as no settings, silently).
        await WriteAsync("""{ "Monitoring": { "AlertThresholds": """);
        await IssueAsync("settings.json is not valid JSON");
        Assert.Equal(0.05, await WarningInForceAsync());

        await WriteAsync("""{ "Monitoring": { "HealthCheckInterval": "00:00:01", "AlertThresholds": { "ErrorRate": { "Warning": 0.07 } } } }""");
        await Poll.UntilAsync(WarningInForceAsync, warning => warning == 0.07, "the good file in force");
        await Poll.UntilAsync(HealthIssuesAsync, issues => !issues.Any(i => i.StartsWith("configuration", StringComparison.Ordinal)), "the refusal cleared");

        await stopFeeding.CancelAsync();
        await feeding;
        long[] times;
        lock (arrivals)
        {
            times = [.. arrivals];
        }
        var gaps = times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b));
        Assert.True(times.Length > 5, $"only {times.Length} fleet_update");
        Assert.True(gaps.Max() < TimeSpan.FromSeconds(2), $"pushes stopped for {gaps.Max().TotalSeconds:0.0} s");
        Assert.Equal(HubConnectionState.Connected, client.State);
    }

    private async Task IssueAsync(string text) =>
        await Poll.UntilAsync(HealthIssuesAsync, issues => issues.Any(i => i.Contains(text, StringComparison.Ordinal)), $"a health issue saying '{text}'");

    private async Task<string[]> HealthIssuesAsync()
    {
        var health = await _monitor.Web.GetFromJsonAsync<JsonElement>("/api/health", Cancel);
        return [.. health.GetProperty("issues").EnumerateArray().Select(i => i.GetString()!)];
    }

    private async Task<double> WarningInForceAsync()
    {
        using var response = await _monitor.Web.GetAsync("/api/config", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return config.GetProperty("alertThresholds").GetProperty("errorRate").GetProperty("warning").GetDouble();
    }

    private async Task WriteAsync(string json)
    {
        // Written whole and moved into place: the watcher never sees half a file.
        var temporary = SettingsFile + ".tmp";
        await File.WriteAllTextAsync(temporary, json, Cancel);
        File.Move(temporary, SettingsFile, overwrite: true);
    }
}
