using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Monitor.AlertEngine.Storage.Outbox;
using Monitor.TestSupport;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Monitor.IntegrationTests.AlertEngine.Notifications;

/// <summary>
/// Webhooks to other teams' receivers, as an attacker between them or a misbehaving receiver meets
/// them: each delivery is signed as Standard Webhooks asks (id, time and body under one HMAC), so a
/// copy can be neither altered nor replayed later; a receiver's answer is read within bounds; a
/// receiver that is down is tried for hours, not minutes, and a delivery given up is visible.
/// Each receiver here takes the alerts of one job only (Webhooks:n:Jobs).
/// </summary>
public sealed class WebhookSecurityTests : IAsyncLifetime
{
    // Standard Webhooks' form: whsec_ and the key's bytes in base64.
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("the-signing-key-of-the-security-tests"));

    private const string LegacySecret = "legacy-secret-of-the-security-tests";

    private readonly WebhookReceiver _standard = new();
    private readonly WebhookReceiver _legacy = new();
    private readonly WebhookReceiver _alertmanagerFormat = new();
    private readonly WebhookReceiver _flaky = new();
    private readonly WebhookReceiver _down = new();
    private readonly EndlessErrorReceiver _endless = new();
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:RetryBaseDelay"] = "00:00:00.200",
            ["Notifications:RetryMaxDelay"] = "00:00:00.500",
            ["Notifications:GiveUpAfter"] = "00:00:03",
            ["Monitoring:HealthCheckInterval"] = "00:00:01",
        };
        var receivers = new (string Name, Uri Url, string? Secret, string Format, bool Legacy)[]
        {
            ("standard", _standard.Url, Secret, "monitor", false),
            ("legacy", _legacy.Url, LegacySecret, "monitor", true),
            ("am-format", _alertmanagerFormat.Url, Secret, "alertmanager", false),
            ("flaky", _flaky.Url, Secret, "monitor", false),
            ("down", _down.Url, Secret, "monitor", false),
            ("endless", _endless.Url, Secret, "monitor", false),
        };
        for (var i = 0; i < receivers.Length; i++)
        {
            var (name, url, secret, format, legacy) = receivers[i];
            settings[$"Notifications:Webhooks:{i}:Name"] = name;
            settings[$"Notifications:Webhooks:{i}:Url"] = url.ToString();
            settings[$"Notifications:Webhooks:{i}:Secret"] = secret;
            settings[$"Notifications:Webhooks:{i}:Format"] = format;
            settings[$"Notifications:Webhooks:{i}:LegacySignature"] = legacy ? "true" : "false";
            settings[$"Notifications:Webhooks:{i}:Jobs:0"] = $"hook-{name}";
            settings[$"Notifications:Webhooks:{i}:Timeout"] = "00:00:20";
        }
        _monitor = await MonitorHost.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        _standard.Dispose();
        _legacy.Dispose();
        _alertmanagerFormat.Dispose();
        _flaky.Dispose();
        _down.Dispose();
        _endless.Dispose();
    }

    [Fact]
    public async Task Delivery_VerifiedByAStandardWebhooksReceiver_NoUntimedSignatureBeside()
    {
        await Alerting.SlowModuleAsync(_monitor, "hook-standard");

        var call = await FirstAsync(_standard);

        // What a receiver does with the StandardWebhooks package (docs/alerts.md shows it).
        new StandardWebhook(Secret).Verify(call.Body, Headers(call));
        Assert.Equal(call.Headers["X-Monitor-Delivery"], call.Headers["webhook-id"]);
        Assert.InRange(long.Parse(call.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.False(call.Headers.ContainsKey("X-Monitor-Signature"));
    }

    [Theory]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-id")]
    [InlineData("body")]
    public async Task Delivery_AnyPartChangedOnTheWay_FailsVerification(string changed)
    {
        // The hypothesis: an HMAC over the body alone let a copy be sent again at any time.
        await Alerting.SlowModuleAsync(_monitor, "hook-standard");
        var call = await FirstAsync(_standard);
        var headers = Headers(call);
        var body = call.Body;
        switch (changed)
        {
            case "webhook-timestamp":
                // A copy replayed later, its time moved to pass the receiver's tolerance.
                headers["webhook-timestamp"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "webhook-id":
                headers["webhook-id"] = "another-delivery";
                break;
            default:
                body += " ";
                break;
        }

        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(body, headers));
    }

    [Fact]
    public async Task Delivery_SignedAFewMinutesAgo_RefusedByTheReceiversTolerance()
    {
        await Alerting.SlowModuleAsync(_monitor, "hook-standard");
        var call = await FirstAsync(_standard);
        var headers = Headers(call);
        // The same delivery as it would have been signed six minutes ago: what a replay carries.
        var then = DateTimeOffset.UtcNow.AddMinutes(-6);
        headers["webhook-timestamp"] = then.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["webhook-signature"] = new StandardWebhook(Secret).Sign(call.Headers["webhook-id"], then, call.Body);

        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(call.Body, headers));
    }

    [Fact]
    public async Task LegacySignatureOn_OldHeaderBesideTheStandardOnes()
    {
        await Alerting.SlowModuleAsync(_monitor, "hook-legacy");

        var call = await FirstAsync(_legacy);

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LegacySecret), Encoding.UTF8.GetBytes(call.Body)));
        Assert.Equal(expected, call.Headers["X-Monitor-Signature"]);
        new StandardWebhook(Encoding.UTF8.GetBytes(LegacySecret)).Verify(call.Body, Headers(call));
    }

    [Fact]
    public async Task AlertmanagerFormat_CarriesADeliveryIdAndIsSigned()
    {
        // The hypothesis: the Alertmanager format had no delivery id, so a receiver could not drop a replay.
        await Alerting.SlowModuleAsync(_monitor, "hook-am-format");

        var call = await FirstAsync(_alertmanagerFormat);

        Assert.False(string.IsNullOrEmpty(call.Headers["webhook-id"]));
        new StandardWebhook(Secret).Verify(call.Body, Headers(call));
        Assert.Equal("4", JsonDocument.Parse(call.Body).RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ReceiverAnswering404ThenTaking_TheDeliveryIsRetried_NotGivenUp()
    {
        // Every 4xx but 408 and 429 was final: a receiver behind a proxy mid-deploy lost alerts.
        _flaky.Answers.Enqueue(HttpStatusCode.NotFound);
        _flaky.Answers.Enqueue(HttpStatusCode.Unauthorized);
        var alert = await Alerting.SlowModuleAsync(_monitor, "hook-flaky");

        var record = await Poll.UntilAsync(() => DeliveryAsync(alert.Id, "flaky"), r => r?.State == "sent", "the delivery taken after a 404 and a 401");

        Assert.Equal(2, record!.Attempts);
    }

    [Fact]
    public async Task ReceiverDown_TriedUntilGiveUpAfter_ThenFailedCountedAndHealthDegraded()
    {
        using var notifications = new OwnInstrument(_monitor, "monitor.notifications", tag: "result");
        for (var i = 0; i < 100; i++)
        {
            _down.Answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        }
        var alert = await Alerting.SlowModuleAsync(_monitor, "hook-down");

        var record = await Poll.UntilAsync(() => DeliveryAsync(alert.Id, "down"), r => r?.State == "failed", "the delivery given up after Notifications:GiveUpAfter",
            TimeSpan.FromSeconds(20));
        var health = await Poll.UntilAsync(() => _monitor.Web.GetStringAsync("/api/health", Cancel),
            h => h.Contains("given up", StringComparison.Ordinal), "health to say a delivery was given up");

        Assert.True(record!.Attempts > 2, $"only {record.Attempts} tries before giving up");
        Assert.Contains("answered 503", record.LastError, StringComparison.Ordinal);
        Assert.Contains("degraded", health, StringComparison.OrdinalIgnoreCase);
        Assert.True(notifications.Total("failed") >= 1);
    }

    [Fact]
    public async Task ReceiverAnsweringAnEndlessBody_ReadWithinBounds_TheErrorRecordedAtOnce()
    {
        // The hypothesis: a receiver's answer was read whole, without a cap, for as long as it lasted.
        var alert = await Alerting.SlowModuleAsync(_monitor, "hook-endless");

        var record = await Poll.UntilAsync(() => DeliveryAsync(alert.Id, "endless"), r => r?.LastError is not null, "the first try's error recorded",
            TimeSpan.FromSeconds(10));

        // Not "unreachable: ... timeout" after 20 s of reading: the error was the answer's first bytes.
        Assert.Contains("answered 500", record!.LastError, StringComparison.Ordinal);
        Assert.True(record.LastError!.Length < 1000, $"{record.LastError.Length} characters kept");
    }

    private async Task<NotificationRecord?> DeliveryAsync(string alertId, string receiver) =>
        (await _monitor.Get<INotificationLog>().GetForAlertAsync(alertId, Cancel)).FirstOrDefault(r => r.Receiver == receiver);

    private static async Task<ReceivedRequest> FirstAsync(WebhookReceiver receiver) =>
        (await Poll.UntilAsync(() => Task.FromResult(receiver.Received.LastOrDefault()), r => r is not null, "a delivery"))!;

    private static HeaderDictionary Headers(ReceivedRequest call)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in call.Headers)
        {
            headers[name] = value;
        }
        return headers;
    }

    /// <summary>Answers every request 500 with a body that never ends (chunks until the client goes away).</summary>
    private sealed class EndlessErrorReceiver : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public EndlessErrorReceiver()
        {
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook");

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                _ = Task.Run(() => AnswerAsync(client));
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var request = new byte[64 * 1024];
                    _ = await stream.ReadAsync(request, _stop.Token);
                    await stream.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), _stop.Token);
                    var chunk = Encoding.ASCII.GetBytes($"{4096:x}\r\n{new string('x', 4096)}\r\n");
                    while (!_stop.IsCancellationRequested)
                    {
                        await stream.WriteAsync(chunk, _stop.Token);
                    }
                }
                catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
                {
                    // The monitor stopped reading, or the test ended.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
