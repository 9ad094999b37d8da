using Monitor.AlertEngine;
using Monitor.Collector;
using Monitor.Collector.Hosting;
using Monitor.Web.Health;
using Monitor.Web.Telemetry;

namespace Monitor.Web;

/// <summary>
/// The whole monitor in one process; read top to bottom, this is its table of contents.
/// Tests build the same application (on ports of their own) through <see cref="Build"/>.
/// </summary>
public static class MonitorApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.WebHost.UseMonitorListeners();
        builder.Services.AddMonitorCollector(builder.Configuration);
        builder.Services.AddMonitorAlertEngine(builder.Configuration);
        builder.AddMonitorTelemetry();

        var app = builder.Build();

        app.UseRouting();
        app.UseMonitorListenerRouting();
        app.MapMonitorCollector();
        app.MapMonitorHealthChecks();
        app.MapGet("/", () => TypedResults.Text(
            "PipelineMonitor is running. Prometheus metrics: /metrics. Health: /healthz, /readyz. The web UI is not built yet (issue 5).\n"))
            .ExcludeFromDescription();
        return app;
    }
}
