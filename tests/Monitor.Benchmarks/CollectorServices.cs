using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector;

namespace Monitor.Benchmarks;

/// <summary>The collector's real services, wired as the host wires them, without a server.</summary>
internal static class CollectorServices
{
    public static ServiceProvider Create(int maxSeries = 100_000)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Collector:MaxSeries"] = maxSeries.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddMonitorCollector(configuration);
        return services.BuildServiceProvider();
    }
}
