namespace Monitor.Ops.Tests;

/// <summary>
/// The classes of this assembly that host a monitor in the test process run one after the other.
/// Hosts in one process share the OpenTelemetry metric streams of the monitor's own meters (same
/// meter and instrument names), and a host that stops ends those streams in the others: a test
/// that reads monitor_* series from Prometheus must not have another host start and stop beside it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessMonitors
{
    public const string Name = "in-process monitors";
}
