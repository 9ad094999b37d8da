namespace Monitor.AlertEngine.Notifications;

/// <summary>A receiver did not take a delivery. <see cref="Permanent"/>: it never will (it refused what was sent); otherwise try again later.</summary>
internal sealed class DeliveryException(string message, bool permanent = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>From an HTTP answer: 4xx but 408 and 429 say the request itself is wrong; anything else may pass later.</summary>
    public static DeliveryException FromStatus(int status, string receiver, string body) =>
        new($"{receiver} answered {status}: {Snippet(body)}", permanent: status is >= 400 and < 500 and not (408 or 429));

    private static string Snippet(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
