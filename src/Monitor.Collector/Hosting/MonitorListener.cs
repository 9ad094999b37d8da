namespace Monitor.Collector.Hosting;

/// <summary>The Kestrel endpoints of the monitor, by the name they have under <c>Kestrel:Endpoints</c>.</summary>
public enum MonitorListener
{
    /// <summary>UI, REST API, SignalR, /metrics, health (default :8080).</summary>
    Web,

    /// <summary>OTLP/gRPC (default :4317, HTTP/2 only).</summary>
    OtlpGrpc,

    /// <summary>OTLP/HTTP (default :4318).</summary>
    OtlpHttp,
}

/// <summary>Set on each connection by the listener it arrived on.</summary>
internal sealed record MonitorListenerFeature(MonitorListener Listener);

/// <summary>Endpoint metadata: the listener an endpoint is served on (endpoints without it: <see cref="MonitorListener.Web"/>).</summary>
internal sealed record ServedOn(MonitorListener Listener);
