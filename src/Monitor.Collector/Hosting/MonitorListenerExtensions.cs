using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.Collector.Hosting;

/// <summary>
/// Keeps each endpoint on its own port, as the port table of docs/architecture.md says: OTLP/gRPC only on
/// 4317, OTLP/HTTP only on 4318, everything else only on the web port. Ports come from the
/// standard <c>Kestrel:Endpoints:{Web,OtlpGrpc,OtlpHttp}</c> configuration.
/// </summary>
public static class MonitorListenerExtensions
{
    /// <summary>Loads the Kestrel endpoints from configuration and tags each connection with its listener.</summary>
    public static IWebHostBuilder UseMonitorListeners(this IWebHostBuilder builder) =>
        builder
            .ConfigureServices(services => services.AddSingleton<MonitorListenerPorts>())
            .ConfigureKestrel((context, options) =>
            {
                var ports = options.ApplicationServices.GetRequiredService<MonitorListenerPorts>();
                var loader = options.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false);
                foreach (var listener in Enum.GetValues<MonitorListener>())
                {
                    loader.Endpoint(listener.ToString(), endpoint =>
                    {
                        Tag(endpoint.ListenOptions, listener);
                        ports.Add(listener, endpoint.ListenOptions);
                    });
                }
            });

    /// <summary>The listener a request arrived on; null when the endpoints are not configured by name (one port serves all).</summary>
    public static MonitorListener? ArrivedOn(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(MonitorListenerFeature), out var tag) == true
            ? ((MonitorListenerFeature)tag!).Listener
            : null;

    /// <summary>Answers 404 to a request that reached an endpoint through another endpoint's port.</summary>
    public static IApplicationBuilder UseMonitorListenerRouting(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var arrivedOn = ArrivedOn(context);
            if (arrivedOn is null)
            {
                // Endpoints not configured by name (ASPNETCORE_URLS, tests): one port serves all.
                return next(context);
            }
            var servedOn = context.GetEndpoint()?.Metadata.GetMetadata<ServedOn>()?.Listener ?? MonitorListener.Web;
            if (servedOn != arrivedOn)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });

    internal static TBuilder ServedOnListener<TBuilder>(this TBuilder builder, MonitorListener listener)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ServedOn(listener));

    private static void Tag(ListenOptions listenOptions, MonitorListener listener)
    {
        var feature = new MonitorListenerFeature(listener);
        listenOptions.Use(next => connection =>
        {
            connection.Items[typeof(MonitorListenerFeature)] = feature;
            return next(connection);
        });
    }
}
