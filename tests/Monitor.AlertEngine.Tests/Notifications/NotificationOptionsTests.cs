using Monitor.AlertEngine.Notifications;

namespace Monitor.AlertEngine.Tests.Notifications;

/// <summary>A notification setting that cannot work is refused with its key, at start and on reload.</summary>
public sealed class NotificationOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndSilenceOnlyWithAnAlertmanager()
    {
        var options = new NotificationOptions();
        Assert.True(new ValidateNotificationOptions().Validate(null, options).Succeeded);
        Assert.False(options.Silences);
        options.Alertmanagers.Add(new AlertmanagerTarget { Url = "http://am:9093" });
        Assert.True(options.Silences);
    }

    [Theory]
    [InlineData("Notifications:Alertmanagers:0: Username and Password go together")]
    [InlineData("Notifications:Alertmanagers:0: BearerToken or Username/Password, not both")]
    [InlineData("Notifications:Webhooks:0:Name 'alertmanager-1' is the name of another receiver")]
    [InlineData("Notifications:Webhooks:0:Format must be monitor or alertmanager")]
    [InlineData("Notifications:Webhooks:0:Severities may hold warning and critical")]
    [InlineData("Notifications:RetryBaseDelay must be between")]
    public void Invalid_RefusedNamingTheKey(string message)
    {
        var options = new NotificationOptions
        {
            Alertmanagers = [new AlertmanagerTarget { Url = "http://am:9093", Username = "u", BearerToken = "t" }],
            Webhooks = [new WebhookTarget { Name = "alertmanager-1", Url = "http://hook", Format = "slack", Severities = ["info"] }],
            RetryBaseDelay = TimeSpan.FromMinutes(10),
        };

        var result = new ValidateNotificationOptions().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ReceiverTimeoutNotShorterThanTheDeliveryLease_Refused()
    {
        // The hypothesis: a 2-minute lease with a receiver allowed 5 minutes let a second replica claim a slow send and send it again.
        var options = new NotificationOptions
        {
            DeliveryLease = TimeSpan.FromMinutes(2),
            Webhooks = [new WebhookTarget { Name = "slow", Url = "http://hook", Timeout = TimeSpan.FromMinutes(5) }],
            Alertmanagers = [new AlertmanagerTarget { Url = "http://am-1:9093", Timeout = TimeSpan.FromMinutes(1) }, new AlertmanagerTarget { Url = "http://am-2:9093", Timeout = TimeSpan.FromMinutes(1) }],
        };

        var failures = new ValidateNotificationOptions().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Notifications:Webhooks:0:Timeout (00:05:00) must be shorter than Notifications:DeliveryLease (00:02:00)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Alertmanagers:*:Timeout together (00:02:00", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short", "must be at least 16 bytes")]
    [InlineData("whsec_not base64!", "is not base64")]
    [InlineData("whsec_c2hvcnQ=", "must be at least 16 bytes")]
    public void WebhookSecretTooWeakOrMalformed_Refused(string secret, string message)
    {
        var options = new NotificationOptions { Webhooks = [new WebhookTarget { Name = "hook", Url = "http://hook", Secret = secret }] };

        var failures = new ValidateNotificationOptions().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Notifications:Webhooks:0:Secret", StringComparison.Ordinal) && f.Contains(message, StringComparison.Ordinal));
    }
}
