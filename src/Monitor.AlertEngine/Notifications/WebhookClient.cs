using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Posts a webhook body, signed as Standard Webhooks asks: <c>webhook-id</c> (the delivery's
/// idempotency key, the same on every retry), <c>webhook-timestamp</c> (Unix seconds of this try)
/// and <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>, so that a
/// receiver can refuse a forged, altered or replayed delivery (the standard's receivers refuse one
/// more than five minutes old). Also <c>X-Monitor-Delivery</c> (the same key), <c>X-Monitor-Event</c>,
/// and with <c>LegacySignature</c> the older <c>X-Monitor-Signature: sha256=&lt;hex HMAC of the body&gt;</c>.
/// </summary>
internal sealed class WebhookClient(IHttpClientFactory clients, TimeProvider time)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string StandardSignatureHeader = "webhook-signature";
    public const string DeliveryHeader = "X-Monitor-Delivery";
    public const string EventHeader = "X-Monitor-Event";
    public const string SignatureHeader = "X-Monitor-Signature";

    public async Task PostAsync(WebhookTarget target, string body, string idempotencyKey, string eventName, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdHeader, idempotencyKey);
        request.Headers.Add(DeliveryHeader, idempotencyKey);
        request.Headers.Add(EventHeader, eventName);
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var now = time.GetUtcNow();
            request.Headers.Add(TimestampHeader, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(StandardSignatureHeader, new StandardWebhook(WebhookSecret.KeyOf(target.Secret)).Sign(idempotencyKey, now, body));
            if (target.LegacySignature)
            {
                request.Headers.Add(SignatureHeader, Sign(target.Secret, bytes));
            }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            // Headers only: a success's body is not read at all, an error's within bounds.
            using var response = await clients.CreateClient(AlertmanagerClient.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var (error, _) = await ReceiverAnswer.ReadAsync(response.Content, ReceiverAnswer.ErrorBytes, timeout.Token);
                throw DeliveryException.FromStatus((int)response.StatusCode, target.Name, error);
            }
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"{target.Name} unreachable: {error.Message}", inner: error);
        }
    }

    /// <summary>The legacy signature header's value for <paramref name="body"/>: what a receiver recomputes with the shared secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
