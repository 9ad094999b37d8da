namespace Monitor.Collector.Hosting;

/// <summary>Set on each connection by the listener it arrived on.</summary>
internal sealed record MonitorListenerFeature(MonitorListener Listener);
