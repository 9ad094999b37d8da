using System.Diagnostics;
using System.Globalization;

namespace Monitor.LoadTests;

/// <summary>
/// The machine split between the monitor and its load, so that a figure is about the monitor: the
/// monitor runs on CPU 0, this runner (its generators and clients) on the other CPUs. The runner
/// starts itself again under <c>taskset</c> (every thread it will ever have is then pinned; setting
/// the affinity from inside would pin only the calling thread on Linux) and tells the new process
/// where the monitor goes through <see cref="MonitorCpusVariable"/>. One core, or no taskset: no
/// split, and every report says so.
/// </summary>
internal static class MachineSplit
{
    private const string MonitorCpusVariable = "MONITOR_LOAD_MONITOR_CPUS";

    private const string RunnerCpusVariable = "MONITOR_LOAD_RUNNER_CPUS";

    /// <summary>The CPU list the monitor is pinned to (taskset syntax), or null when the machine is not split.</summary>
    public static string? MonitorCpus => Environment.GetEnvironmentVariable(MonitorCpusVariable);

    /// <summary>Said in every report's header.</summary>
    public static string Description => MonitorCpus is { } cpus
        ? string.Create(CultureInfo.InvariantCulture, $"monitor pinned to CPU {cpus}, load generators and clients to CPUs {Environment.GetEnvironmentVariable(RunnerCpusVariable)} (taskset)")
        : "monitor and load generators share every CPU (one core, or no taskset): figures include the generators' CPU";

    /// <summary>
    /// Runs this runner again on every CPU but the first and returns its exit code; null when this
    /// process is that re-run already, or the machine cannot be split.
    /// </summary>
    public static async Task<int?> RunPinnedAsync(string[] args)
    {
        var cores = Environment.ProcessorCount;
        if (MonitorCpus is not null || cores < 2 || !File.Exists("/usr/bin/taskset"))
        {
            return null;
        }
        var info = new ProcessStartInfo("/usr/bin/taskset") { UseShellExecute = false };
        var runnerCpus = cores == 2 ? "1" : $"1-{cores - 1}";
        info.ArgumentList.Add("--cpu-list");
        info.ArgumentList.Add(runnerCpus);
        info.ArgumentList.Add(Environment.ProcessPath!);
        // Run as "dotnet Monitor.LoadTests.dll": the assembly comes first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment[MonitorCpusVariable] = "0";
        info.Environment[RunnerCpusVariable] = runnerCpus;
        using var pinned = Process.Start(info) ?? throw new InvalidOperationException("could not start taskset");
        await pinned.WaitForExitAsync();
        return pinned.ExitCode;
    }
}
