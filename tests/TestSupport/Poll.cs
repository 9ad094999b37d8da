using System.Net.Sockets;

namespace Monitor.TestSupport;

/// <summary>Waits for a condition with a deadline instead of a fixed sleep.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}; last value: {last}");
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
            last = await probe();
        }
        return last;
    }

    /// <summary>Waits until <paramref name="process"/> accepts TCP connections on a loopback port (fails if it exits).</summary>
    public static async Task UntilListeningAsync(int port, ExternalProcess process, string what) =>
        await UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"{what} exited:\n{process.Output}");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, up => up, $"{what} to accept connections on port {port}");
}
