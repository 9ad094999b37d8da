using System.Text;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// What a receiver answered, read no further than needed: a receiver (or whatever answers in its
/// place) may send an endless or enormous body, which would otherwise hold a send until its timeout
/// and the memory for all of it.
/// </summary>
internal static class ReceiverAnswer
{
    /// <summary>An error answer: enough to say what went wrong (the delivery's last error keeps 300 characters of it).</summary>
    public const int ErrorBytes = 4 * 1024;

    /// <summary>A success the monitor reads (a silence's id): Alertmanager's are a few dozen bytes.</summary>
    public const int BodyBytes = 64 * 1024;

    /// <summary>At most <paramref name="maxBytes"/> of the body as text; <c>Complete</c> false when there was more.</summary>
    public static async Task<(string Text, bool Complete)> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        var complete = length <= maxBytes;
        return (Encoding.UTF8.GetString(buffer, 0, Math.Min(length, maxBytes)), complete);
    }
}
