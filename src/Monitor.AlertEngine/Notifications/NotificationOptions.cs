namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Where alerts are handed on, bound from the <c>Notifications</c> section: Alertmanagers (as
/// Prometheus sends to them) and webhooks. Validated at start and on reload like the rules.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Alertmanagers of one cluster: every open alert is posted to each; silences go to the first that answers.</summary>
    public List<AlertmanagerTarget> Alertmanagers { get; set; } = [];

    /// <summary>Acknowledging silences the alert in Alertmanager until the acknowledgement ends; null: on when an Alertmanager is configured.</summary>
    public bool? SilenceOnAcknowledge { get; set; }

    /// <summary>Open alerts are posted again this often (Prometheus' resend delay); each says it ends 4 intervals later unless renewed.</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far ahead a silence for an acknowledgement "until resolved" reaches; renewed at half of it while the alert is open.</summary>
    public TimeSpan SilenceExtension { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The monitor's public address, for each alert's link (Alertmanager's generatorURL); unset: http://localhost:8080.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Grafana's address: alerts carry a <c>dashboard</c> annotation linking to the pipeline dashboard for their job.</summary>
    public string? GrafanaUrl { get; set; }

    public List<WebhookTarget> Webhooks { get; set; } = [];

    /// <summary>A delivery that keeps failing is tried this many times (exponential backoff with jitter), then marked failed.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A receiver failing for longer than this makes the monitor's health degraded, naming it.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    internal bool Silences => SilenceOnAcknowledge ?? Alertmanagers.Count > 0;

    internal bool Any => Alertmanagers.Count > 0 || Webhooks.Count > 0;
}

/// <summary>One Alertmanager: its base URL (…/api/v2 is added) and how to authenticate.</summary>
public sealed class AlertmanagerTarget
{
    /// <summary>The receiver's name in metrics and history; unset: <c>alertmanager-N</c>.</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = string.Empty;

    public string? BearerToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

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

/// <summary>The payload formats a webhook can take.</summary>
public static class WebhookFormats
{
    public const string Monitor = "monitor";
    public const string Alertmanager = "alertmanager";
}
