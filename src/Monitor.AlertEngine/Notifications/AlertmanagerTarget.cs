namespace Monitor.AlertEngine.Notifications;

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
