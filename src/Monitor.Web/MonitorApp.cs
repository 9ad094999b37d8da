using System.Text.Json.Serialization;
using Monitor.AlertEngine;
using Monitor.AlertEngine.Configuration;
using Monitor.Collector;
using Monitor.Collector.Hosting;
using Monitor.Collector.Prometheus;
using Monitor.Web.Api;
using Monitor.Web.Auth;
using Monitor.Web.Health;
using Monitor.Web.Hosting;
using Monitor.Web.Realtime;
using Monitor.Web.Security;
using Monitor.Web.Telemetry;
using Monitor.Web.Ui;

namespace Monitor.Web;

/// <summary>
/// The whole monitor in one process; read top to bottom, this is its table of contents.
/// Tests build the same application (on ports of their own) through <see cref="Build"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Maintainability", "CA1515", Justification = "The host's one entry point: test hosts and benchmarks in other assemblies start the monitor through it.")]
public static class MonitorApp
{
    public const string SecretsDirectory = "/run/secrets";

    /// <param name="configure">Runs first: configuration sources and logging of a host of its own.</param>
    /// <param name="replace">Runs after every registration: a test puts a fault in front of a service.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? replace = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Docker and compose secrets: a file /run/secrets/Auth__MetricsToken sets Auth:MetricsToken,
        // so a secret shared with another container (Prometheus) is written in one place.
        builder.Configuration.AddKeyPerFile(SecretsDirectory, optional: true);
        configure?.Invoke(builder);

        builder.WebHost.UseMonitorListeners();
        builder.Services.AddLastGoodConfiguration(builder.Configuration);
        builder.Services.AddMonitorCollector(builder.Configuration);
        builder.Services.AddMonitorAlertEngine(builder.Configuration);
        builder.AddMonitorTelemetry();
        builder.Services.AddMonitorAuth(builder.Configuration);
        builder.Services.AddMonitorRealtime();
        builder.Services.AddMonitorUi(builder.Configuration);
        builder.Services.AddSingleton<MetricsHistory>();
        builder.Services.AddHostedService(static provider => provider.GetRequiredService<MetricsHistory>());
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(static o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(static o => o.DescribeMonitor());
        builder.Services.WithoutGlobalHostFiltering();
        builder.Services.AddMonitorProxySupport(builder.Configuration);
        replace?.Invoke(builder.Services);

        var app = builder.Build();
        // Every setting is judged now, all at once, before anything starts: a refusal names each bad
        // key (ConfigurationRefusal), rather than the first hosted service to read one failing the start.
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        // From now on a configuration file that breaks is refused (last good kept), not fatal.
        ConfigurationFiles.IgnoreReloadErrors(builder.Configuration);
        // Made now, not at the first sign-in, so that a first start prints its admin token at once.
        _ = app.Services.GetRequiredService<TokenStore>();

        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseAllowedHosts();
        // Any unhandled error answers as RFC 9457 problem details, with nothing of the exception in it.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Routing first, so that a request to an OTLP port is refused before the console's files
        // could answer it: those ports take any Host, the web port's check would be bypassed.
        app.UseRouting();
        app.UseMonitorListenerRouting();
        app.UseOtlpGrpcBodyDeadline();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseHubOriginCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseCsrfHeaderCheck();

        app.MapMonitorCollector();
        app.MapMonitorMetrics().RequireAuthorization(Roles.Scrape);
        app.MapMonitorHealthChecks();
        app.MapAuthApi();
        app.MapMonitoringApi().MapUiSettings();
        app.MapConsoleRoutes();
        app.MapMonitoringHub();
        app.MapOpenApi();
        return app;
    }
}
