using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Monitor.Collector.Hosting;

/// <summary>
/// The port each listener is bound to once the server has started: the configured one, or the one
/// the system chose for a URL with port 0 (how test hosts start without hunting for free ports).
/// </summary>
public sealed class MonitorListenerPorts
{
    private readonly ConcurrentDictionary<MonitorListener, ListenOptions> _bound = new();

    /// <summary>The listener's port; null before the server bound it or when it is not configured by name.</summary>
    public int? PortOf(MonitorListener listener) =>
        _bound.TryGetValue(listener, out var options) && options.EndPoint is IPEndPoint { Port: > 0 } endPoint ? endPoint.Port : null;

    internal void Add(MonitorListener listener, ListenOptions options) => _bound[listener] = options;
}
