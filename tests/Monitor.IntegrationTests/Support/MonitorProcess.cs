using System.Globalization;
using System.Net;

namespace Monitor.TestSupport;

/// <summary>
/// The monitor as its own process (the apphost dotnet build made), on loopback ports of its own:
/// for tests that kill it, measure its memory, or run several replicas side by side.
/// </summary>
internal sealed class MonitorProcess : IDisposable
{
    private MonitorProcess(ExternalProcess process, int[] ports)
    {
        Process = process;
        Ports = ports;
        Web = new HttpClient { BaseAddress = WebUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ExternalProcess Process { get; }

    public int[] Ports { get; }

    public Uri WebUri => new($"http://127.0.0.1:{Ports[0]}");

    public Uri OtlpGrpcUri => new($"http://127.0.0.1:{Ports[1]}");

    public Uri OtlpHttpUri => new($"http://127.0.0.1:{Ports[2]}");

    public HttpClient Web { get; }

    /// <summary>
    /// Starts a monitor with <paramref name="settings"/> (configuration keys, as in appsettings)
    /// and waits until /readyz answers 200; new ports if one was taken meanwhile.
    /// </summary>
    public static async Task<MonitorProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? readyWithin = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(3);
            var environment = new Dictionary<string, string>
            {
                ["Kestrel__Endpoints__Web__Url"] = $"http://127.0.0.1:{ports[0]}",
                ["Kestrel__Endpoints__OtlpGrpc__Url"] = $"http://127.0.0.1:{ports[1]}",
                ["Kestrel__Endpoints__OtlpGrpc__Protocols"] = "Http2",
                ["Kestrel__Endpoints__OtlpHttp__Url"] = $"http://127.0.0.1:{ports[2]}",
                // As `dotnet run --project src/Monitor.Web` does: the UI's built files are under the project.
                ["ASPNETCORE_CONTENTROOT"] = Path.Combine(Repository.Root, "src", "Monitor.Web"),
                ["Auth__AdminToken"] = MonitorHost.AdminToken,
                ["Auth__ViewerTokens__0"] = MonitorHost.ViewerToken,
                // The test process and other test projects share the two cores: not an overload (MonitorHost says more).
                ["Otlp__MaxSchedulingDelay"] = "00:00:05",
                // Several monitors start at once on a loaded machine: a queue of connections there is not an overload.
                ["Otlp__MaxQueuedConnections"] = "0",
            };
            foreach (var (key, value) in settings)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
            var monitor = new MonitorProcess(ExternalProcess.StartWithEnvironment(Repository.MonitorExecutable, environment), ports);
            try
            {
                await monitor.WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
                return monitor;
            }
            catch (Exception) when (attempt < 5 && monitor.Process.HasExited
                && monitor.Process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                monitor.Dispose();
            }
            catch
            {
                // Never left running behind a failed start.
                monitor.Dispose();
                throw;
            }
        }
    }

    public async Task WaitReadyAsync(TimeSpan within) =>
        await Poll.UntilAsync(async () =>
        {
            Assert.False(Process.HasExited, "the monitor exited:\n" + Process.Output);
            try
            {
                using var response = await Web.GetAsync("/readyz", TestContext.Current.CancellationToken);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, "the monitor process to be ready", within);

    /// <summary>Resident memory of the process now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("no VmRSS for the monitor process");
    }

    /// <summary>SIGKILL: no shutdown code runs, as with kill -9.</summary>
    public void KillHard() => Process.KillHard();

    public void Dispose()
    {
        Web.Dispose();
        Process.Dispose();
    }
}
