using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Alerts and silences in Alertmanager's API v2 shapes (postableAlert, postableSilence) and its
/// webhook payload (version 4). One label set per alert: alertname (the rule), severity, the alert's
/// scope labels and monitor="pipeline-monitor", so what several replicas post is one alert there.
/// </summary>
internal static class AlertmanagerPayloads
{
    public const string MonitorLabel = "pipeline-monitor";

    /// <summary>The label set of <paramref name="alert"/> in Alertmanager.</summary>
    public static SortedDictionary<string, string> Labels(PerformanceAlert alert)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in alert.Labels)
        {
            labels[LabelName(name)] = value;
        }
        labels["alertname"] = alert.Type;
        labels["severity"] = AlertWire.Name(alert.Severity);
        labels["monitor"] = MonitorLabel;
        return labels;
    }

    public static SortedDictionary<string, string> Annotations(PerformanceAlert alert, NotificationLinks links)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = alert.Message,
            ["description"] = Description(alert),
        };
        if (links.RunbookFor(alert.Type) is { } runbook)
        {
            annotations["runbook_url"] = runbook;
        }
        if (links.DashboardFor(alert) is { } dashboard)
        {
            annotations["dashboard"] = dashboard;
        }
        return annotations;
    }

    /// <summary>A JSON array of one postable alert per (alert, end): end null means firing, renewed by the resend loop.</summary>
    public static string PostableAlerts(IEnumerable<(PerformanceAlert Alert, DateTimeOffset EndsAt)> alerts, NotificationLinks links)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (alert, endsAt) in alerts)
            {
                json.WriteStartObject();
                WriteMap(json, "labels", Labels(alert));
                WriteMap(json, "annotations", Annotations(alert, links));
                json.WriteString("startsAt", alert.Timestamp);
                json.WriteString("endsAt", endsAt);
                json.WriteString("generatorURL", links.AlertLink(alert.Id));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The silence of an acknowledgement: matchers are exactly the alert's labels.</summary>
    public static string PostableSilence(PerformanceAlert alert, DateTimeOffset startsAt, DateTimeOffset endsAt, string? id = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (id is not null)
            {
                json.WriteString("id", id);
            }
            json.WriteStartArray("matchers");
            foreach (var (name, value) in Labels(alert))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("value", value);
                json.WriteBoolean("isRegex", false);
                json.WriteBoolean("isEqual", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("startsAt", startsAt);
            json.WriteString("endsAt", endsAt);
            // Alertmanager refuses a silence without an author or a comment.
            json.WriteString("createdBy", string.IsNullOrWhiteSpace(alert.AcknowledgedBy) ? "pipeline-monitor" : alert.AcknowledgedBy);
            json.WriteString("comment", string.IsNullOrWhiteSpace(alert.AcknowledgeComment)
                ? $"Acknowledged in PipelineMonitor (alert {alert.Id})"
                : alert.AcknowledgeComment);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Alertmanager's webhook payload (version 4) for one alert, for receivers written for it.</summary>
    public static string Webhook(PerformanceAlert alert, string receiver, NotificationLinks links)
    {
        var labels = Labels(alert);
        var annotations = Annotations(alert, links);
        var status = alert.IsOpen ? "firing" : "resolved";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "4");
            json.WriteString("groupKey", "{}:{" + string.Join(", ", labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}");
            json.WriteNumber("truncatedAlerts", 0);
            json.WriteString("status", status);
            json.WriteString("receiver", receiver);
            WriteMap(json, "groupLabels", labels);
            WriteMap(json, "commonLabels", labels);
            WriteMap(json, "commonAnnotations", annotations);
            json.WriteString("externalURL", links.PublicUrl);
            json.WriteStartArray("alerts");
            json.WriteStartObject();
            json.WriteString("status", status);
            WriteMap(json, "labels", labels);
            WriteMap(json, "annotations", annotations);
            json.WriteString("startsAt", alert.Timestamp);
            // Alertmanager writes the zero time for an alert that has not ended.
            json.WriteString("endsAt", alert.ResolvedAt is { } ended ? ended.ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z");
            json.WriteString("generatorURL", links.AlertLink(alert.Id));
            json.WriteString("fingerprint", alert.Fingerprint);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Description(PerformanceAlert alert)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{alert.Type} on {alert.Job}");
        if (alert.Data.TryGetValue("value", out var value))
        {
            text.Append(CultureInfo.InvariantCulture, $": value {value:G6}");
            if (alert.Data.TryGetValue("warning", out var warning) && alert.Data.TryGetValue("critical", out var critical))
            {
                text.Append(CultureInfo.InvariantCulture, $" (warning {warning:G6}, critical {critical:G6})");
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"; seen {alert.Count} times since {alert.Timestamp:O}.");
        return text.ToString();
    }

    // Alertmanager's label names are Prometheus' ([a-zA-Z_][a-zA-Z0-9_]*).
    private static string LabelName(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            chars[i] = ok ? c : '_';
        }
        return chars.Length == 0 ? "_" : new string(chars);
    }

    private static void WriteMap(Utf8JsonWriter json, string name, SortedDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }
}
