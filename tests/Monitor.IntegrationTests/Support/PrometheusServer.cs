using System.Globalization;
using System.Text.Json;

namespace Monitor.TestSupport;

/// <summary>
/// A real Prometheus (Debian's binary) scraping one monitor every second, with its own temp
/// storage, and a way to ask its HTTP API. Killed and cleaned up on dispose.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly ExternalProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _api;

    private PrometheusServer(ExternalProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static PrometheusServer Start(Uri monitor)
    {
        var binary = ExternalTool.Require("prometheus", "prometheus");
        var directory = Directory.CreateTempSubdirectory("monitor-prometheus-");
        var port = FreePorts.Take(1)[0];
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: pipeline-monitor-scrape
                honor_labels: true
                static_configs:
                  - targets: ["{monitor.Authority}"]
            """);
        var process = ExternalProcess.Start(binary, $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}");
        return new PrometheusServer(process, directory, port);
    }

    /// <summary>The values of an instant query (NaN results left out); empty while Prometheus is not up yet.</summary>
    public async Task<IReadOnlyList<double>> QueryAsync(string query)
    {
        Assert.False(_process.HasExited, "prometheus exited:\n" + _process.Output);
        try
        {
            var json = await _api.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query), TestContext.Current.CancellationToken);
            using var document = JsonDocument.Parse(json);
            Assert.Equal("success", document.RootElement.GetProperty("status").GetString());
            return [.. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(r => double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))
                .Where(v => !double.IsNaN(v))];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>How Prometheus sees its scrape target (health, last error, last scrape duration), for a failure's message.</summary>
    public async Task<string> TargetStateAsync()
    {
        try
        {
            var json = await _api.GetStringAsync("/api/v1/targets", TestContext.Current.CancellationToken);
            using var document = JsonDocument.Parse(json);
            return string.Join("; ", document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t =>
                $"{t.GetProperty("scrapeUrl").GetString()} health={t.GetProperty("health").GetString()} lastError='{t.GetProperty("lastError").GetString()}' "
                + $"lastScrapeDuration={t.GetProperty("lastScrapeDuration").GetDouble():F3}s"));
        }
        catch (HttpRequestException error)
        {
            return "Prometheus did not answer: " + error.Message;
        }
    }

    public void Dispose()
    {
        _api.Dispose();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
