namespace Monitor.AlertEngine.Notifications;

/// <summary>One webhook receiver and the alerts it wants.</summary>
public sealed class WebhookTarget
{
    public string Name { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    /// <summary>Signs each body with HMAC-SHA256 (header <c>X-Monitor-Signature: sha256=&lt;hex&gt;</c>); unset: unsigned.</summary>
    public string? Secret { get; set; }

    /// <summary><c>monitor</c> (one event per transition, docs/alerts.md) or <c>alertmanager</c> (Alertmanager's webhook payload).</summary>
    public string Format { get; set; } = WebhookFormats.Monitor;

    /// <summary>Only these severities (warning, critical); empty: all.</summary>
    public List<string> Severities { get; set; } = [];

    /// <summary>Only these jobs; empty: all.</summary>
    public List<string> Jobs { get; set; } = [];

    /// <summary>Only these rule types (slow_module, a custom rule's name, ...); empty: all.</summary>
    public List<string> Types { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
