using System.Diagnostics;
using System.Globalization;
using System.Net;
using Monitor.TestSupport;

namespace Monitor.LoadTests;

/// <summary>
/// The monitor under load, as its own process on loopback (its CPU and RSS are read from /proc).
/// Started from the Monitor.Web build next to this runner, on free ports, with a store of its own,
/// and otherwise as shipped (server GC with dynamic adaptation, the Web SDK default).
/// </summary>
internal sealed class MonitorProcess : IAsyncDisposable
{
    public const string AdminToken = "load-admin-token-0123456789abcdefgh";

    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private MonitorProcess(Process process, DirectoryInfo data, int[] ports)
    {
        _process = process;
        _data = data;
        Web = new Uri($"http://127.0.0.1:{ports[0]}");
        Grpc = new Uri($"http://127.0.0.1:{ports[1]}");
        Http = new Uri($"http://127.0.0.1:{ports[2]}");
        Client = new HttpClient { BaseAddress = Web, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Web { get; }

    public Uri Grpc { get; }

    public Uri Http { get; }

    public HttpClient Client { get; }

    public int Pid => _process.Id;

    /// <summary>Starts the monitor, on its share of the machine (<see cref="MachineSplit"/>).</summary>
    public static async Task<MonitorProcess> StartAsync(string configuration, IDictionary<string, string>? settings = null)
    {
        var cpus = MachineSplit.MonitorCpus;
        var root = FindRoot();
        var executable = Path.Combine(root, "src", "Monitor.Web", "bin", configuration, "net10.0", "Monitor.Web");
        var ports = FreePorts.Take(3);
        var data = Directory.CreateTempSubdirectory("monitor-load-");
        // taskset execs the monitor in its own process, so the pid is the monitor's.
        var info = cpus is null
            ? new ProcessStartInfo(executable)
            : new ProcessStartInfo("taskset", ["--cpu-list", cpus, executable]);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var environment = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Web__Url"] = $"http://127.0.0.1:{ports[0]}",
            ["Kestrel__Endpoints__OtlpGrpc__Url"] = $"http://127.0.0.1:{ports[1]}",
            ["Kestrel__Endpoints__OtlpGrpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__OtlpHttp__Url"] = $"http://127.0.0.1:{ports[2]}",
            ["Kestrel__Endpoints__OtlpHttp__Protocols"] = "Http1",
            ["Storage__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "monitor.db")}",
            ["Auth__AdminToken"] = AdminToken,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var monitor = new MonitorProcess(process, data, ports);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var ready = await monitor.Client.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return monitor;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the monitor did not become ready");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>CPU seconds (user + system) the monitor has used so far.</summary>
    public double CpuSeconds()
    {
        var fields = File.ReadAllText($"/proc/{Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>Resident set size in MiB.</summary>
    public double RssMiB()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The value of one own-metric sample on /metrics (summed over matching lines).</summary>
    public async Task<double> SampleAsync(string nameAndLabelPrefix)
    {
        var text = await Client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(nameAndLabelPrefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PipelineMonitor.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("PipelineMonitor.sln not found");
    }

}
