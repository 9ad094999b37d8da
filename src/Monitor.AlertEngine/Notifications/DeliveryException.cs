namespace Monitor.AlertEngine.Notifications;

/// <summary>A receiver did not take a delivery. <see cref="Permanent"/>: it never will (it refused what was sent); otherwise try again later.</summary>
internal sealed class DeliveryException(string message, bool permanent = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>
    /// From an HTTP answer. Permanent only when the receiver refuses what was sent (400, 413, 415,
    /// 422): the same bytes would be refused again. Anything else, 401, 403 and 404 included (a proxy
    /// in front of a receiver being deployed, credentials being rotated), may pass later and is tried
    /// until Notifications:GiveUpAfter.
    /// </summary>
    public static DeliveryException FromStatus(int status, string receiver, string body) =>
        new($"{receiver} answered {status}: {Snippet(body)}", permanent: status is 400 or 413 or 415 or 422);

    private static string Snippet(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
