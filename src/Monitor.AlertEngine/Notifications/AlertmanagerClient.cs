using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Monitor.AlertEngine.Notifications;

/// <summary>Alertmanager's API v2 as the monitor uses it: post alerts, create, read and expire silences.</summary>
internal sealed class AlertmanagerClient(IHttpClientFactory clients)
{
    public const string HttpClientName = "notifications";

    public async Task PostAlertsAsync(AlertmanagerTarget target, string receiver, string payload, CancellationToken cancellationToken)
    {
        using var request = Request(target, HttpMethod.Post, "api/v2/alerts", payload);
        await SendAsync(target, receiver, request, cancellationToken);
    }

    /// <summary>Creates (or, with an id in the payload, updates) a silence; returns its id.</summary>
    public async Task<string> PutSilenceAsync(AlertmanagerTarget target, string receiver, string payload, CancellationToken cancellationToken)
    {
        using var request = Request(target, HttpMethod.Post, "api/v2/silences", payload);
        var body = await SendAsync(target, receiver, request, cancellationToken);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("silenceID").GetString() ?? throw new DeliveryException($"{receiver} answered without a silence id");
    }

    /// <summary>The silence as Alertmanager holds it, or null when it does not know the id.</summary>
    public async Task<JsonElement?> GetSilenceAsync(AlertmanagerTarget target, string receiver, string id, CancellationToken cancellationToken)
    {
        using var request = Request(target, HttpMethod.Get, $"api/v2/silence/{Uri.EscapeDataString(id)}", null);
        try
        {
            var body = await SendAsync(target, receiver, request, cancellationToken);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.Clone();
        }
        catch (DeliveryException error) when (IsUnknownSilence(error))
        {
            return null;
        }
    }

    /// <summary>Expires a silence; one Alertmanager does not know (it restarted without its data) counts as expired.</summary>
    public async Task ExpireSilenceAsync(AlertmanagerTarget target, string receiver, string id, CancellationToken cancellationToken)
    {
        using var request = Request(target, HttpMethod.Delete, $"api/v2/silence/{Uri.EscapeDataString(id)}", null);
        try
        {
            await SendAsync(target, receiver, request, cancellationToken);
        }
        catch (DeliveryException error) when (IsUnknownSilence(error))
        {
        }
    }

    // Alertmanager 0.25 answers an unknown silence with 500 "silence not found"; later ones with 404.
    private static bool IsUnknownSilence(DeliveryException error) =>
        error.Message.Contains("answered 404", StringComparison.Ordinal) || error.Message.Contains("silence not found", StringComparison.Ordinal);

    private static HttpRequestMessage Request(AlertmanagerTarget target, HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(target.Url.TrimEnd('/') + "/"), path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (!string.IsNullOrEmpty(target.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.BearerToken);
        }
        else if (!string.IsNullOrEmpty(target.Username))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.Username}:{target.Password}")));
        }
        return request;
    }

    private async Task<string> SendAsync(AlertmanagerTarget target, string receiver, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            // Headers only: the body is read within bounds below.
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var (error, _) = await ReceiverAnswer.ReadAsync(response.Content, ReceiverAnswer.ErrorBytes, timeout.Token);
                throw DeliveryException.FromStatus((int)response.StatusCode, receiver, error);
            }
            var (body, complete) = await ReceiverAnswer.ReadAsync(response.Content, ReceiverAnswer.BodyBytes, timeout.Token);
            return complete ? body : throw new DeliveryException($"{receiver} answered more than {ReceiverAnswer.BodyBytes} bytes; not an Alertmanager answer");
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"{receiver} unreachable: {error.Message}", inner: error);
        }
    }
}
