using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.Cluster;

/// <summary>
/// The multi-replica deployment on loopback, as docs/operations.md describes it: monitor processes
/// sharing one store (a SQLite file in WAL across processes; the SQL Server database named by
/// MONITOR_TEST_SQLSERVER when that is set), a real redis-server as the cluster bus, and the shipped
/// nginx configuration with TLS doing round robin in front of their web ports.
/// </summary>
internal sealed class MonitorCluster : IAsyncDisposable
{
    // Short, so that a test of lost announcements waits seconds, not the default's five.
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(2);

    private readonly DirectoryInfo _directory;

    private MonitorCluster(DirectoryInfo directory, RedisServer redis, MonitorProcess[] replicas, NginxProxy? proxy)
    {
        _directory = directory;
        Redis = redis;
        Replicas = replicas;
        Proxy = proxy;
    }

    /// <summary>The SQL Server connection string the replicas share, or null: the SQLite file.</summary>
    public static string? SqlServer { get; } = Environment.GetEnvironmentVariable("MONITOR_TEST_SQLSERVER") is { Length: > 0 } sql ? sql : null;

    // A SQL Server database outlives the run: each run's pipelines have names of their own.
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A pipeline name of this run.</summary>
    public static string Job(string name) => $"{name}-{RunId}";

    public RedisServer Redis { get; }

    public MonitorProcess[] Replicas { get; }

    public NginxProxy? Proxy { get; }

    /// <summary>The fingerprints of the open rows of rule <paramref name="type"/> for pipelines named like <paramref name="jobPattern"/> (SQL LIKE), one per row, read from the store itself.</summary>
    public async Task<List<string>> OpenFingerprintsAsync(string jobPattern, string type)
    {
        await using System.Data.Common.DbConnection connection = SqlServer is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory.FullName, "monitor.db")};Mode=ReadOnly")
            : new Microsoft.Data.SqlClient.SqlConnection(SqlServer);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint FROM alerts WHERE is_open = 1 AND job LIKE @job AND type = @type";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@job";
        parameter.Value = jobPattern;
        command.Parameters.Add(parameter);
        var typeParameter = command.CreateParameter();
        typeParameter.ParameterName = "@type";
        typeParameter.Value = type;
        command.Parameters.Add(typeParameter);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var fingerprints = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            fingerprints.Add(reader.GetString(0));
        }
        return fingerprints;
    }

    public static async Task<MonitorCluster> StartAsync(int replicas = 3, bool withProxy = true)
    {
        var directory = Directory.CreateTempSubdirectory("monitor-cluster-");
        var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = SqlServer is null ? "Sqlite" : "SqlServer",
            ["Storage:ConnectionString"] = SqlServer ?? $"Data Source={Path.Combine(directory.FullName, "monitor.db")}",
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Cluster:Key"] = MonitorHost.ClusterKey,
            ["Cluster:ReconcileInterval"] = ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            // Every request through the proxy comes from one address, the test's.
            ["RateLimit:ApiPerSecond"] = "100000",
        };
        var starting = Enumerable.Range(0, replicas).Select(_ => MonitorProcess.StartAsync(settings)).ToArray();
        try
        {
            var started = await Task.WhenAll(starting);
            var proxy = withProxy ? await NginxProxy.StartAsync([.. started.Select(r => r.WebUri)]) : null;
            return new MonitorCluster(directory, redis, started, proxy);
        }
        catch
        {
            // A part that did not start: stop the others, or they outlive the test run.
            foreach (var replica in starting.Where(t => t.IsCompletedSuccessfully))
            {
                replica.Result.Dispose();
            }
            redis.Dispose();
            throw;
        }
    }

    /// <summary>An admin's HTTP client for one replica, or for the proxy when <paramref name="replica"/> is null.</summary>
    public HttpClient AdminClient(MonitorProcess? replica = null, int maxConnections = int.MaxValue)
    {
        var client = replica is null
            ? Proxy!.CreateClient(maxConnections)
            : new HttpClient { BaseAddress = replica.WebUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
        return client;
    }

    /// <summary>A SignalR client of one replica (or of the proxy), recording every event.</summary>
    public async Task<ClusterClient> ConnectAsync(MonitorProcess? replica = null)
    {
        var hub = new Uri(replica?.WebUri ?? Proxy!.PublicUri, "/hubs/monitoring");
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(MonitorHost.ViewerToken);
                if (replica is null)
                {
                    o.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, presented, _, _) => Proxy!.IsOurs(presented);
                }
            })
            .ConfigureLogging(l => l.AddProvider(new TestOutputLoggerProvider()).SetMinimumLevel(LogLevel.Warning))
            .Build();
        var client = new ClusterClient(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>
    /// Sends one slow module span of each of <paramref name="jobs"/> to <paramref name="replica"/> with the
    /// OpenTelemetry SDK: one slow_module alert per job (the rule's scope is the pipeline and stage).
    /// </summary>
    public static void SendSlowModules(MonitorProcess replica, params IEnumerable<string> jobs) =>
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, job =>
        {
            using var spans = new PipelineSpans(job, replica.OtlpGrpcUri, OtlpExportProtocol.Grpc);
            spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", "m-1"));
            spans.Flush();
        });

    /// <summary>The stored alerts (any status) of <paramref name="jobs"/>, read through <paramref name="client"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> AlertsOfAsync(HttpClient client, IReadOnlyCollection<string> jobs)
    {
        var wanted = jobs.ToHashSet(StringComparer.Ordinal);
        var found = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"/api/alerts?page={page}&pageSize=500", TestContext.Current.CancellationToken);
            var items = body.GetProperty("items").EnumerateArray().ToArray();
            found.AddRange(items.Where(a => wanted.Contains(a.GetProperty("labels").GetProperty("job").GetString()!)).Select(a => a.Clone()));
            if (items.Length < 500)
            {
                return found;
            }
        }
    }

    /// <summary>Waits until an alert of each of <paramref name="jobs"/> is stored; returns them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> StoredAlertsAsync(HttpClient client, params IReadOnlyCollection<string> jobs) =>
        await Poll.UntilAsync(() => AlertsOfAsync(client, jobs), alerts => alerts.Count >= jobs.Count,
            $"stored alerts of {jobs.Count} pipelines", TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        Proxy?.Dispose();
        foreach (var replica in Replicas)
        {
            replica.Dispose();
        }
        Redis.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        _directory.Delete(recursive: true);
    }
}
