using Microsoft.Extensions.DependencyInjection;

namespace Monitor.TestSupport;

/// <summary>Puts a test's wrapper in front of a registered singleton.</summary>
internal static class ServiceCollectionDecoration
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> wrap)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(registered);
        services.AddSingleton(provider => wrap(registered.ImplementationFactory is { } factory
            ? (TService)factory(provider)
            : registered.ImplementationInstance as TService ?? (TService)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!)));
        return services;
    }
}
