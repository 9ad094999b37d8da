using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;

namespace Monitor.AlertEngine.Notifications;

/// <summary>The links a notification carries: the alert in the monitor's console, its runbook, the pipeline's dashboard.</summary>
internal sealed class NotificationLinks(NotificationOptions notifications, MonitoringOptions monitoring)
{
    public const string DefaultPublicUrl = "http://localhost:8080";

    public string PublicUrl { get; } = (notifications.PublicUrl is { Length: > 0 } url ? url : DefaultPublicUrl).TrimEnd('/');

    /// <summary>The console opened on this alert (Alertmanager's generatorURL).</summary>
    public string AlertLink(string id) => $"{PublicUrl}/alerts/{Uri.EscapeDataString(id)}";

    public string? RunbookFor(string type)
    {
        var builtIn = RuleCatalogue.BuiltIn.FirstOrDefault(r => r.Name == type);
        var runbook = builtIn is not null
            ? builtIn.Settings(monitoring.AlertThresholds).RunbookUrl
            : monitoring.AlertThresholds.Custom.FirstOrDefault(c => c.Name == type)?.RunbookUrl;
        return string.IsNullOrWhiteSpace(runbook) ? null : runbook;
    }

    /// <summary>The provisioned "Pipeline overview" dashboard for the alert's job.</summary>
    public string? DashboardFor(PerformanceAlert alert) =>
        notifications.GrafanaUrl is { Length: > 0 } grafana
            ? $"{grafana.TrimEnd('/')}/d/pipeline-overview?var-job={Uri.EscapeDataString(alert.Job)}"
            : null;
}
