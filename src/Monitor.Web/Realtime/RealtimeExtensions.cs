using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitor.Web.Auth;
using Monitor.Web.Contract;
using Monitor.Web.Fleet;
using Monitor.Web.Telemetry;

namespace Monitor.Web.Realtime;

/// <summary>SignalR (JSON and MessagePack), the fleet snapshots, the broadcaster, the Origin check.</summary>
internal static class RealtimeExtensions
{
    public static IServiceCollection AddMonitorRealtime(this IServiceCollection services)
    {
        // No SignalR backplane: each replica pushes to its own clients what it knows, and replicas
        // share what they know (stored alert changes, their pipelines' snapshots) over the cluster
        // bus (docs/decisions/0011). A replica's clients then keep their updates when Redis is away.
        services.AddOptions<MonitorHubOptions>().BindConfiguration(MonitorHubOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitorHubOptions>, ValidateMonitorHubOptions>();
        services.AddSingleton<HubCallGuard>();
        // HubCallGuard logs every call that fails, refusals at debug; SignalR's own entry for it is an
        // error with a stack trace, for refusals too, which any client could repeat to flood the log.
        services.AddLogging(static logging => logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None));
        services.AddSignalR(static o =>
            {
                o.EnableDetailedErrors = false;
                o.AddFilter<HubCallGuard>();
            })
            .AddJsonProtocol(static o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                // An absent field is null: the snapshot of 10,000 open alerts is a quarter smaller.
                o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            })
            .AddMessagePackProtocol(static o => o.SerializerOptions = MessagePackWire.Options);
        services.AddSingleton<FleetSnapshots>();
        services.AddHostedService(static provider => provider.GetRequiredService<FleetSnapshots>());
        services.AddSingleton<MonitorState>();
        services.AddHostedService<MonitoringBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoringHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<MonitoringHub>(WebRoutes.Hub);
        return endpoints;
    }

    /// <summary>
    /// Browsers send Origin on the hub's requests (negotiate and WebSocket); only the monitor's own
    /// origin and Auth:AllowedOrigins may connect, so another site cannot ride a signed-in cookie.
    /// </summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(WebRoutes.Hub) && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin)
            {
                var own = $"{context.Request.Scheme}://{context.Request.Host}";
                var allowed = context.RequestServices.GetRequiredService<IOptionsMonitor<AuthOptions>>().CurrentValue.AllowedOrigins;
                if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && !allowed.Contains(origin, StringComparer.OrdinalIgnoreCase))
                {
                    var logger = context.RequestServices.GetRequiredService<ILogger<MonitoringHub>>();
                    RealtimeLog.OriginRefused(logger, origin);
                    context.RequestServices.GetRequiredService<WebMeter>().HubRejected(HubRejectReason.Origin);
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }
            }
            await next(context);
        });
}
