using System.Security.Cryptography;
using System.Text;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Posts a webhook body. Headers: <c>X-Monitor-Delivery</c> (the idempotency key),
/// <c>X-Monitor-Event</c>, and with a secret <c>X-Monitor-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
internal sealed class WebhookClient(IHttpClientFactory clients)
{
    public const string DeliveryHeader = "X-Monitor-Delivery";
    public const string EventHeader = "X-Monitor-Event";
    public const string SignatureHeader = "X-Monitor-Signature";

    public async Task PostAsync(WebhookTarget target, string body, string idempotencyKey, string eventName, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, idempotencyKey);
        request.Headers.Add(EventHeader, eventName);
        if (!string.IsNullOrEmpty(target.Secret))
        {
            request.Headers.Add(SignatureHeader, Sign(target.Secret, bytes));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            using var response = await clients.CreateClient(AlertmanagerClient.HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw DeliveryException.FromStatus((int)response.StatusCode, target.Name, await response.Content.ReadAsStringAsync(timeout.Token));
            }
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"{target.Name} unreachable: {error.Message}", inner: error);
        }
    }

    /// <summary>The signature header's value for <paramref name="body"/>: what a receiver recomputes with the shared secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
