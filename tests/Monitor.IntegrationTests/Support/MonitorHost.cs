using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Collector.Hosting;
using Monitor.Web;

namespace Monitor.TestSupport;

/// <summary>
/// The real monitor (MonitorApp, Kestrel, real ports on 127.0.0.1) for one test class.
/// Tests own their data by using a job (service.name) of their own.
/// </summary>
public sealed class MonitorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo? _ownData;

    private MonitorHost(WebApplication app, int[] ports, DirectoryInfo? ownData)
    {
        _app = app;
        _ownData = ownData;
        WebUri = new Uri($"http://127.0.0.1:{ports[0]}");
        OtlpGrpcUri = new Uri($"http://127.0.0.1:{ports[1]}");
        OtlpHttpUri = new Uri($"http://127.0.0.1:{ports[2]}");
        Web = new HttpClient { BaseAddress = WebUri, Timeout = TimeSpan.FromSeconds(30) };
        OtlpHttp = new HttpClient { BaseAddress = OtlpHttpUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The admin token of every test host (Auth:AdminToken).</summary>
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    /// <summary>The Cluster:Key of test replicas that share a Redis.</summary>
    public const string ClusterKey = "test-cluster-key-0123456789abcdefghijklmnop";

    /// <summary>The viewer token of every test host (Auth:ViewerTokens:0).</summary>
    public const string ViewerToken = "test-viewer-token-0123456789abcdef";

    public Uri WebUri { get; }

    public Uri OtlpGrpcUri { get; }

    public Uri OtlpHttpUri { get; }

    public HttpClient Web { get; }

    public HttpClient OtlpHttp { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The ports of this host (web, OTLP/gRPC, OTLP/HTTP), to start another one in its place.</summary>
    public int[] Ports => [WebUri.Port, OtlpGrpcUri.Port, OtlpHttpUri.Port];

    /// <summary>Starts a host on the given ports (a restart in place); no retry, the ports are the point.</summary>
    public static Task<MonitorHost> StartOnAsync(int[] ports, IDictionary<string, string?> settings) => StartOnPortsAsync(settings, null, ports);

    /// <summary>
    /// Starts a host; unless the settings name a store, it gets a SQLite file of its own, deleted on
    /// dispose. <paramref name="services"/> changes the host's services (a fault a test puts in).
    /// </summary>
    /// <param name="settingsFile">A JSON settings file read after <paramref name="settings"/> and reloaded when it changes.</param>
    public static Task<MonitorHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string? settingsFile = null) =>
        StartOnPortsAsync(settings, services, settingsFile: settingsFile);

    /// <summary>Without <paramref name="fixedPorts"/>, each listener binds port 0 and the system picks a free one.</summary>
    private static async Task<MonitorHost> StartOnPortsAsync(IDictionary<string, string?>? settings, Action<IServiceCollection>? services,
        int[]? fixedPorts = null, string? settingsFile = null)
    {
        var ports = fixedPorts ?? [0, 0, 0];
        var ownData = settings?.ContainsKey("Storage:ConnectionString") == true ? null : Directory.CreateTempSubdirectory("monitor-test-");
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = ownData is null ? null : $"Data Source={Path.Combine(ownData.FullName, "monitor.db")}",
            ["Auth:AdminToken"] = AdminToken,
            ["Auth:ViewerTokens:0"] = ViewerToken,
            ["Kestrel:Endpoints:Web:Url"] = $"http://127.0.0.1:{ports[0]}",
            ["Kestrel:Endpoints:OtlpGrpc:Url"] = $"http://127.0.0.1:{ports[1]}",
            ["Kestrel:Endpoints:OtlpGrpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:OtlpHttp:Url"] = $"http://127.0.0.1:{ports[2]}",
            ["Kestrel:Endpoints:OtlpHttp:Protocols"] = "Http1",
            // Test hosts share two cores with each other (and Chromium): a 100 ms wait for a thread
            // is normal there, not an overload. CpuOverloadTests checks the refusal on its own.
            ["Otlp:MaxSchedulingDelay"] = "00:00:05",
            // Every test host in this process reads every host's Kestrel queues (one meter name):
            // KestrelQueueTests checks the refusal on its own.
            ["Otlp:MaxQueuedConnections"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        // The UI as dotnet build made it (the test's own folder has no wwwroot).
        var app = MonitorApp.Build([$"--webroot={Path.Combine(Repository.Root, "src", "Monitor.Web", "wwwroot")}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            if (settingsFile is not null)
            {
                builder.Configuration.AddJsonFile(settingsFile, optional: false, reloadOnChange: true);
            }
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new TestOutputLoggerProvider());
        }, services);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            ownData?.Delete(recursive: true);
            throw;
        }
        var bound = app.Services.GetRequiredService<MonitorListenerPorts>();
        int[] actual = [.. new[] { MonitorListener.Web, MonitorListener.OtlpGrpc, MonitorListener.OtlpHttp }
            .Select(l => bound.PortOf(l) ?? throw new InvalidOperationException($"the {l} listener has no port after start"))];
        return new MonitorHost(app, actual, ownData);
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Signs in over REST as the console does; returns the session cookie (<c>__Host-monitor=...</c>) to send as a Cookie header.</summary>
    public async Task<string> SignInAsync(string token, string? name = null)
    {
        using var response = await Web.PostAsync("/api/auth/sign-in",
            System.Net.Http.Json.JsonContent.Create(new { token, name }), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-monitor=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>POST /api/auth/sign-out with the session cookie, as the console does.</summary>
    public async Task SignOutAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Monitor-Request", "1");
        using var response = await Web.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<string> ScrapeAsync()
    {
        using var response = await Web.GetAsync("/metrics", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The value of the exposed sample <paramref name="series"/> (name and labels as written), or null.</summary>
    public async Task<double?> SampleAsync(string series) => SampleIn(await ScrapeAsync(), series);

    /// <summary>Polls /metrics until <paramref name="series"/> equals <paramref name="expected"/>.</summary>
    public Task<double?> WaitForSampleAsync(string series, double expected) =>
        Poll.UntilAsync(() => SampleAsync(series), value => value == expected, $"{series} == {expected}");

    /// <summary>The value of the sample of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (<c>name="value"</c>), or null.</summary>
    public async Task<double?> SampleWithAsync(string metric, params string[] labels)
    {
        foreach (var line in (await ScrapeAsync()).Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    public static double? SampleIn(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Web.Dispose();
        OtlpHttp.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ownData?.Delete(recursive: true);
    }
}
