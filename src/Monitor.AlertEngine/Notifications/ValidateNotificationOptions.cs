using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Notifications;

/// <summary>Every receiver reachable by an absolute http(s) URL, names unique, times within reason.</summary>
internal sealed partial class ValidateNotificationOptions : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal) { Receivers.Silences };
        for (var i = 0; i < options.Alertmanagers.Count; i++)
        {
            var target = options.Alertmanagers[i];
            var key = $"Notifications:Alertmanagers:{i}";
            Url(target.Url, $"{key}:Url", errors, required: true);
            Name(Receivers.Alertmanager(options, i), $"{key}:Name", names, errors);
            Timeout(target.Timeout, $"{key}:Timeout", errors);
            if (string.IsNullOrEmpty(target.Username) != string.IsNullOrEmpty(target.Password))
            {
                errors.Add($"{key}: Username and Password go together (basic auth).");
            }
            if (!string.IsNullOrEmpty(target.BearerToken) && !string.IsNullOrEmpty(target.Username))
            {
                errors.Add($"{key}: BearerToken or Username/Password, not both.");
            }
        }
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var target = options.Webhooks[i];
            var key = $"Notifications:Webhooks:{i}";
            Url(target.Url, $"{key}:Url", errors, required: true);
            Name(target.Name, $"{key}:Name", names, errors);
            Timeout(target.Timeout, $"{key}:Timeout", errors);
            if (target.Format is not (WebhookFormats.Monitor or WebhookFormats.Alertmanager))
            {
                errors.Add($"{key}:Format must be {WebhookFormats.Monitor} or {WebhookFormats.Alertmanager} (was '{target.Format}').");
            }
            if (target.Secret is { Length: > 0 } secret && WebhookSecret.Problem(secret) is { } problem)
            {
                errors.Add($"{key}:Secret {problem}");
            }
            foreach (var severity in target.Severities.Where(s => s is not ("warning" or "critical")))
            {
                errors.Add($"{key}:Severities may hold warning and critical (was '{severity}').");
            }
        }
        Url(options.PublicUrl, "Notifications:PublicUrl", errors, required: false);
        Url(options.GrafanaUrl, "Notifications:GrafanaUrl", errors, required: false);
        Between(options.ResendInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), "Notifications:ResendInterval", errors);
        Between(options.SilenceExtension, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), "Notifications:SilenceExtension", errors);
        Between(options.RetryMaxDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), "Notifications:RetryMaxDelay", errors);
        Between(options.RetryBaseDelay, TimeSpan.FromMilliseconds(10), options.RetryMaxDelay, "Notifications:RetryBaseDelay", errors);
        Between(options.DegradedAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "Notifications:DegradedAfter", errors);
        if (options.MaxAttempts is < 1 or > 100_000)
        {
            errors.Add($"Notifications:MaxAttempts must be between 1 and 100000 when set (was {options.MaxAttempts}).");
        }
        Between(options.GiveUpAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), "Notifications:GiveUpAfter", errors);
        Between(options.GivenUpDegradesFor, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), "Notifications:GivenUpDegradesFor", errors);
        Between(options.DeliveryLease, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), "Notifications:DeliveryLease", errors);
        Lease(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A send outlasting the lease would let another replica claim the delivery and send it again.</summary>
    private static void Lease(NotificationOptions options, List<string> errors)
    {
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            if (options.Webhooks[i].Timeout >= options.DeliveryLease)
            {
                errors.Add($"Notifications:Webhooks:{i}:Timeout ({options.Webhooks[i].Timeout:c}) must be shorter than Notifications:DeliveryLease ({options.DeliveryLease:c}).");
            }
        }
        var alertmanagers = options.Alertmanagers.Aggregate(TimeSpan.Zero, static (total, target) => total + target.Timeout);
        if (options.Alertmanagers.Count > 0 && alertmanagers >= options.DeliveryLease)
        {
            errors.Add($"Notifications:Alertmanagers:*:Timeout together ({alertmanagers:c}: a silence is tried on each in turn) must be shorter than Notifications:DeliveryLease ({options.DeliveryLease:c}).");
        }
    }

    private static void Url(string? value, string key, List<string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key} is required.");
            }
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{key} must be an absolute http or https URL (was '{value}').");
        }
    }

    private static void Name(string value, string key, HashSet<string> names, List<string> errors)
    {
        if (!ReceiverName().IsMatch(value))
        {
            errors.Add($"{key} must be 1 to 64 of letters, digits, '-', '_' and '.' (was '{value}').");
        }
        else if (!names.Add(value))
        {
            errors.Add($"{key} '{value}' is the name of another receiver.");
        }
    }

    private static void Timeout(TimeSpan value, string key, List<string> errors) =>
        Between(value, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), key, errors);

    private static void Between(TimeSpan value, TimeSpan min, TimeSpan max, string key, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min:c} and {max:c} (was {value:c}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ReceiverName();
}
