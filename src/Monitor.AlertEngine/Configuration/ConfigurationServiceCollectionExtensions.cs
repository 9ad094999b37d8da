using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Configuration;

/// <summary>Reloadable configuration that keeps its last good value (see <see cref="LastGoodOptionsFactory{TOptions}"/>).</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>Health check name under which refused reloads show.</summary>
    public const string HealthCheckName = "configuration";

    public static IServiceCollection AddLastGoodConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ConfigurationRefusals>();
        services.AddSingleton(new ConfigurationFiles(configuration));
        services.AddTransient(typeof(IOptionsFactory<>), typeof(LastGoodOptionsFactory<>));
        services.AddHealthChecks().AddCheck<ConfigurationHealthCheck>(HealthCheckName);
        return services;
    }
}
