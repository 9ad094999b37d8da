using System.Net;
using System.Net.Sockets;

namespace Monitor.TestSupport;

/// <summary>
/// Loopback ports free at the time of asking, for the servers that must be told their port before
/// they start (redis-server, Prometheus, Alertmanager, nginx, a monitor in its own process,
/// HttpListener). The in-process monitor binds port 0 instead and reports the ports it got.
/// </summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
