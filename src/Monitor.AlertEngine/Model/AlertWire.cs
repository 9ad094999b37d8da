namespace Monitor.AlertEngine.Model;

/// <summary>
/// The lower-case words of the alert enums, as the store keeps them and query strings carry them.
/// The JSON and MessagePack forms come from the enums' attributes and are the same words.
/// </summary>
public static class AlertWire
{
    public static string Name(AlertStatus status) => status switch
    {
        AlertStatus.Firing => "firing",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static string Name(AlertAction action) => action switch
    {
        AlertAction.Fired => "fired",
        AlertAction.Escalated => "escalated",
        AlertAction.Acknowledged => "acknowledged",
        AlertAction.Refired => "refired",
        AlertAction.Unacknowledged => "unacknowledged",
        AlertAction.Resolved => "resolved",
        AlertAction.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static bool TryParse(string? text, out AlertStatus status)
    {
        foreach (var candidate in Enum.GetValues<AlertStatus>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static bool TryParse(string? text, out AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<AlertSeverity>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                severity = candidate;
                return true;
            }
        }
        severity = default;
        return false;
    }

    public static bool TryParse(string? text, out AlertAction action)
    {
        foreach (var candidate in Enum.GetValues<AlertAction>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }
        action = default;
        return false;
    }

    public static AlertStatus Status(string text) => TryParse(text, out AlertStatus status) ? status : throw new FormatException($"unknown alert status '{text}'");

    public static AlertSeverity Severity(string text) => TryParse(text, out AlertSeverity severity) ? severity : throw new FormatException($"unknown alert severity '{text}'");

    public static AlertAction Action(string text) => TryParse(text, out AlertAction action) ? action : throw new FormatException($"unknown alert action '{text}'");
}
