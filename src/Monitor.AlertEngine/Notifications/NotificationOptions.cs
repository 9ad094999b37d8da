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

    /// <summary>
    /// How long a delivery that keeps failing is tried (exponential backoff with jitter, at most
    /// <see cref="RetryMaxDelay"/> apart) before it is marked failed: shown on the alert's page, counted
    /// in monitor_notifications_total{result="failed"}, and the monitor's health degraded. Hours, so
    /// that a receiver down for a deploy or a night's outage still gets what happened.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Besides <see cref="GiveUpAfter"/>, at most this many tries; unset: as many as fit in it.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// How long a replica holds a delivery it claimed: another replica sends it only once this has
    /// lapsed (the holder died). Longer than any receiver's timeout, and than all the Alertmanagers'
    /// together (a silence is tried on each in turn), or a slow send would be sent twice.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long deliveries given up keep the monitor's health degraded.</summary>
    public TimeSpan GivenUpDegradesFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A receiver failing for longer than this makes the monitor's health degraded, naming it.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    internal bool Silences => SilenceOnAcknowledge ?? Alertmanagers.Count > 0;

    internal bool Any => Alertmanagers.Count > 0 || Webhooks.Count > 0;
}
