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
}
