using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monitor.TestSupport;

/// <summary>
/// Debian's prometheus-alertmanager on a loopback port of its own, routing every alert to one
/// webhook at once (group_wait 0s, one group per label set, resolved alerts sent too). It can be
/// killed and started again on the same port and storage, as an Alertmanager that went away.
/// </summary>
internal sealed class AlertmanagerServer : IDisposable
{
    private readonly string _binary;
    private readonly DirectoryInfo _directory;
    private ExternalProcess _process;

    private AlertmanagerServer(string binary, DirectoryInfo directory, int port)
    {
        _binary = binary;
        _directory = directory;
        Port = port;
        _process = Launch();
        Api = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public HttpClient Api { get; }

    public string Output => _process.Output;

    /// <summary>Starts one paging <paramref name="webhook"/>, on <paramref name="port"/> when given (one a monitor was told of before).</summary>
    public static async Task<AlertmanagerServer> StartAsync(Uri webhook, int? port = null)
    {
        var binary = ExternalTool.Require("prometheus-alertmanager", "prometheus-alertmanager");
        var directory = Directory.CreateTempSubdirectory("monitor-alertmanager-");
        File.WriteAllText(Path.Combine(directory.FullName, "alertmanager.yml"), $"""
            route:
              receiver: test-hook
              group_by: ['...']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: test-hook
                webhook_configs:
                  - url: {webhook}
                    send_resolved: true
            """);
        var server = new AlertmanagerServer(binary, directory, port ?? FreePorts.Take(1)[0]);
        await server.WaitReadyAsync();
        return server;
    }

    public void Kill() => _process.KillHard();

    /// <summary>Starts it again on the same port and storage.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = Launch();
        await WaitReadyAsync();
    }

    /// <summary>The alerts Alertmanager holds (GET /api/v2/alerts), active, silenced and inhibited.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync()
    {
        var alerts = await Api.GetFromJsonAsync<JsonElement>("api/v2/alerts", TestContext.Current.CancellationToken);
        return [.. alerts.EnumerateArray().Select(a => a.Clone())];
    }

    public async Task<IReadOnlyList<JsonElement>> SilencesAsync()
    {
        var silences = await Api.GetFromJsonAsync<JsonElement>("api/v2/silences", TestContext.Current.CancellationToken);
        return [.. silences.EnumerateArray().Select(s => s.Clone())];
    }

    private ExternalProcess Launch() => ExternalProcess.Start(_binary,
        $"--config.file={Path.Combine(_directory.FullName, "alertmanager.yml")}",
        $"--storage.path={Path.Combine(_directory.FullName, "data")}",
        $"--web.listen-address=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
        "--cluster.listen-address=");

    private async Task WaitReadyAsync() =>
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, "alertmanager exited:\n" + _process.Output);
            try
            {
                using var response = await Api.GetAsync("-/ready", TestContext.Current.CancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready, "Alertmanager to be ready", TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        Api.Dispose();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
