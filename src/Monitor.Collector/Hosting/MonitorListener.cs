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
