using System.Globalization;

namespace Monitor.TestSupport;

/// <summary>
/// A real redis-server on a loopback port of its own, without persistence: a test can kill it
/// (SIGKILL, as a crash) and start it again on the same port, as a restarted Redis would come back.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly string _binary;
    private ExternalProcess _process;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
        _process = Launch(binary, port);
    }

    public int Port { get; }

    /// <summary>The value of the monitor's Redis:ConnectionString.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer(ExternalTool.Require("redis-server", "redis-server"), FreePorts.Take(1)[0]);
        await redis.WaitAcceptingAsync();
        return redis;
    }

    public void Kill() => _process.KillHard();

    /// <summary>Starts it again on the same port (empty, as Redis without persistence restarts).</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = Launch(_binary, Port);
        await WaitAcceptingAsync();
    }

    private Task WaitAcceptingAsync() => Poll.UntilListeningAsync(Port, _process, "redis-server");

    private static ExternalProcess Launch(string binary, int port) =>
        ExternalProcess.Start(binary, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");

    public void Dispose() => _process.Dispose();
}
