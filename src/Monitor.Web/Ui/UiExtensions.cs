using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Monitor.Web.Ui;

/// <summary>The console's settings (GET /api/ui) and the addresses the single-page console answers itself (deep links).</summary>
internal static class UiExtensions
{
    /// <summary>Client-side routes: a reload or a shared link on them gets the console, which opens the view.</summary>
    private static readonly string[] ConsoleRoutes = ["/alerts/{id}", "/fleet"];

    public static IServiceCollection AddMonitorUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UiOptions>().Bind(configuration.GetSection(UiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UiOptions>, ValidateUiOptions>();
        return services;
    }

    public static RouteGroupBuilder MapUiSettings(this RouteGroupBuilder api)
    {
        api.MapGet("/ui", GetSettings).WithName("GetUiSettings").WithSummary("The console's links out and reconnection policy (Ui section)").WithTags("Config");
        return api;
    }

    public static void MapConsoleRoutes(this IEndpointRouteBuilder endpoints)
    {
        foreach (var route in ConsoleRoutes)
        {
            endpoints.MapFallbackToFile(route, "index.html");
        }
    }

    private static Ok<UiOptions> GetSettings(IOptionsMonitor<UiOptions> options) => TypedResults.Ok(options.CurrentValue);
}
