namespace Monitor.AlertEngine.Notifications;

/// <summary>One webhook receiver and the alerts it wants.</summary>
public sealed class WebhookTarget
{
    public string Name { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    /// <summary>
    /// Signs each delivery as Standard Webhooks does (headers <c>webhook-id</c>, <c>webhook-timestamp</c>,
    /// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>), so that a
    /// receiver can refuse a forged, altered or replayed one; preferably <c>whsec_&lt;base64&gt;</c>
    /// (<see cref="WebhookSecret"/>); unset: unsigned.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Also the older <c>X-Monitor-Signature: sha256=&lt;hex HMAC of the body&gt;</c>, for receivers not moved to the standard yet (it carries no time: a copy can be replayed).</summary>
    public bool LegacySignature { get; set; }

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
