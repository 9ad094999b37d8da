using System.Diagnostics;
using System.Text;

namespace Monitor.TestSupport;

/// <summary>An outside program run by a test: output captured, killed with its children on dispose.</summary>
internal sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private ExternalProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public static ExternalProcess Start(string fileName, params string[] arguments) =>
        StartWithEnvironment(fileName, new Dictionary<string, string>(), arguments);

    public static ExternalProcess StartWithEnvironment(string fileName, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return new ExternalProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}"));
    }

    /// <summary>Runs a program to completion in <paramref name="directory"/>.</summary>
    public static Task<(int ExitCode, string Output)> RunInAsync(string directory, string fileName, params string[] arguments) =>
        RunWithEnvironmentAsync(directory, fileName, new Dictionary<string, string>(), arguments);

    /// <summary>Runs a program to completion in <paramref name="directory"/> with more environment variables.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithEnvironmentAsync(string directory, string fileName,
        IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = new ExternalProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>Runs a program to completion with <paramref name="input"/> on its standard input.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string input, params string[] arguments)
    {
        using var process = Start(fileName, arguments);
        await process._process.StandardInput.WriteAsync(input);
        process._process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as with kill -9.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
