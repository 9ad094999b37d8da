using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.TestSupport;
using Monitor.Web;

namespace Monitor.Benchmarks;

/// <summary>
/// Breach-to-alert latency in the real host (Kestrel, OTLP/HTTP on loopback, SQLite file): for
/// each of N breaches, the time from sending one breaching span (a 200 s module: slow_module,
/// critical) until the alert is published to subscribers, and until it is stored.
/// A latency distribution, not a throughput: BenchmarkDotNet's model does not fit, so this reports percentiles itself.
/// </summary>
internal static class AlertLatency
{
    public static async Task<int> RunAsync(int breaches)
    {
        var data = Directory.CreateTempSubdirectory("alert-latency-");
        var ports = FreePorts.Take(3);
        var app = MonitorApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Web:Url"] = $"http://127.0.0.1:{ports[0]}",
            ["Kestrel:Endpoints:OtlpGrpc:Url"] = $"http://127.0.0.1:{ports[1]}",
            ["Kestrel:Endpoints:OtlpGrpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:OtlpHttp:Url"] = $"http://127.0.0.1:{ports[2]}",
            ["Kestrel:Endpoints:OtlpHttp:Protocols"] = "Http1",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "monitor.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        try
        {
            var feed = app.Services.GetRequiredService<IAlertFeed>();
            var storedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            app.Services.GetRequiredService<OpenAlertSet>().StoredHere += alerts =>
            {
                foreach (var alert in alerts)
                {
                    storedAt.TryAdd(alert.Job, Stopwatch.GetTimestamp());
                }
            };
            using var changes = feed.SubscribeChanges();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}") };

            await MeasureAsync(http, changes, storedAt, "warmup", 30);
            var (published, stored) = await MeasureAsync(http, changes, storedAt, "latency", breaches);

            Console.WriteLine($"Breach-to-alert latency, {breaches} breaches, one at a time (ms):");
            Console.WriteLine("| hop | p50 | p90 | p99 | max |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            Console.WriteLine(Row("span sent -> alert published", published));
            Console.WriteLine(Row("span sent -> alert stored (SQLite)", stored));
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static async Task<(double[] Published, double[] Stored)> MeasureAsync(HttpClient http,
        Monitor.Collector.Feeds.FeedSubscription<IReadOnlyList<Monitor.AlertEngine.Model.PerformanceAlert>> changes,
        ConcurrentDictionary<string, long> storedAt, string prefix, int count)
    {
        var published = new double[count];
        var stored = new double[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        for (var i = 0; i < count; i++)
        {
            var job = $"{prefix}-{i}";
            using var content = new ByteArrayContent(OtlpRequests.SlowModule(job).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsync("/v1/traces", content, timeout.Token))
            {
                response.EnsureSuccessStatusCode();
            }
            while (true)
            {
                var alerts = await changes.Reader.ReadAsync(timeout.Token);
                if (alerts.Any(a => a.Labels["job"] == job))
                {
                    published[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    break;
                }
            }
            long storedStamp;
            while (!storedAt.TryGetValue(job, out storedStamp))
            {
                await Task.Delay(1, timeout.Token);
            }
            stored[i] = Stopwatch.GetElapsedTime(sent, storedStamp).TotalMilliseconds;
        }
        return (published, stored);
    }

    private static string Row(string hop, double[] values)
    {
        Array.Sort(values);
        double P(double q) => values[Math.Min(values.Length - 1, (int)Math.Ceiling(q * values.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {hop} | {P(0.5):0.0} | {P(0.9):0.0} | {P(0.99):0.0} | {values[^1]:0.0} |");
    }


}
