namespace Monitor.IntegrationTests.Ops;

/// <summary>
/// The classes that read the monitor's own series (monitor_*) through a real Prometheus run alone,
/// after the parallel ones. Hosts in one process share the OpenTelemetry metric streams of the
/// monitor's own meters (same meter and instrument names), and a host that stops ends those
/// streams in the others: such a test must not have another host start and stop beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessMonitors
{
    public const string Name = "in-process monitors";
}
