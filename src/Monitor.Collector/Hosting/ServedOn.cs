namespace Monitor.Collector.Hosting;

/// <summary>Endpoint metadata: the listener an endpoint is served on (endpoints without it: <see cref="MonitorListener.Web"/>).</summary>
internal sealed record ServedOn(MonitorListener Listener);
