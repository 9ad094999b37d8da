using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Monitor.TestSupport;

namespace Monitor.LoadTests;

/// <summary>
/// The comparison path: a real Prometheus (1 s scrape and evaluation) scraping the monitor, with an
/// alerting rule equivalent to slow_module, and a real Alertmanager (group_wait 0) notifying a
/// webhook here; the monitor posts its own alerts to the same Alertmanager. <see cref="Notified"/>
/// holds when each (alertname, job) notification arrived: Stopwatch timestamp and wall clock.
/// </summary>
internal sealed class PrometheusAlertmanager : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("load-alertmanager-");
    private readonly HttpListener _webhook = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Prometheus' alert name for the slow-module rule; the monitor's is slow_module.</summary>
    public const string PrometheusAlert = "PipelineSlowModule";

    public ConcurrentDictionary<string, (long Timestamp, DateTimeOffset Wall)> Notified { get; } = new(StringComparer.Ordinal);

    public static string Key(string alertname, string job) => $"{alertname}/{job}";

    public static string? Missing() =>
        Find("prometheus") is null ? "prometheus" : Find("prometheus-alertmanager") is null ? "prometheus-alertmanager" : null;

    public async Task StartAsync(Uri monitor, int alertmanagerPort)
    {
        var webhookPort = FreePorts.Take(1)[0];
        _webhook.Prefixes.Add($"http://127.0.0.1:{webhookPort}/");
        _webhook.Start();
        _ = Task.Run(ReceiveAsync);
        var prometheusPort = FreePorts.Take(1)[0];
        File.WriteAllText(Path.Combine(_directory.FullName, "alertmanager.yml"), $"""
            route:
              receiver: webhook
              group_by: [alertname, job]
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: webhook
                webhook_configs:
                  - url: http://127.0.0.1:{webhookPort}/
                    send_resolved: false
            """);
        File.WriteAllText(Path.Combine(_directory.FullName, "rules.yml"), $$"""
            groups:
              - name: slow-module
                interval: 1s
                rules:
                  - alert: {{PrometheusAlert}}
                    expr: |
                      sum by (job) (pipeline_stage_duration_seconds_bucket{stage="module_generation", le="+Inf"})
                        - sum by (job) (pipeline_stage_duration_seconds_bucket{stage="module_generation", le="120"}) > 0
                    labels:
                      severity: critical
            """);
        File.WriteAllText(Path.Combine(_directory.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{alertmanagerPort}"]
            scrape_configs:
              - job_name: monitor
                honor_labels: true
                static_configs:
                  - targets: ["{monitor.Authority}"]
            """);
        Start(Find("prometheus-alertmanager")!, $"--config.file={Path.Combine(_directory.FullName, "alertmanager.yml")}",
            $"--storage.path={Path.Combine(_directory.FullName, "am")}", $"--web.listen-address=127.0.0.1:{alertmanagerPort}", "--cluster.listen-address=");
        Start(Find("prometheus")!, $"--config.file={Path.Combine(_directory.FullName, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(_directory.FullName, "tsdb")}", $"--web.listen-address=127.0.0.1:{prometheusPort}");
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var up = await client.GetStringAsync($"http://127.0.0.1:{prometheusPort}/api/v1/query?query=up");
                var ready = await client.GetAsync($"http://127.0.0.1:{alertmanagerPort}/-/ready");
                if (up.Contains("\"1\"", StringComparison.Ordinal) && ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException("Prometheus or Alertmanager did not come up");
    }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _webhook.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var now = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
            using (var document = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    var labels = alert.GetProperty("labels");
                    if (labels.TryGetProperty("job", out var job) && labels.TryGetProperty("alertname", out var name))
                    {
                        Notified.TryAdd(Key(name.GetString()!, job.GetString()!), now);
                    }
                }
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private void Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);


    public void Dispose()
    {
        _stop.Cancel();
        _webhook.Close();
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            process.Dispose();
        }
        _stop.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
