namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// A webhook's signing key as Standard Webhooks takes it: a secret written <c>whsec_&lt;base64&gt;</c>
/// is those bytes (what Standard Webhooks libraries take as is, the form to prefer); any other
/// string is its UTF-8 bytes (a receiver gives its library the same bytes).
/// </summary>
internal static class WebhookSecret
{
    private const string Prefix = "whsec_";

    // Standard Webhooks asks for 24 to 64 random bytes; 16 keeps the old secrets working.
    private const int MinBytes = 16;

    public static byte[] KeyOf(string secret) => secret.StartsWith(Prefix, StringComparison.Ordinal)
        ? Convert.FromBase64String(secret[Prefix.Length..])
        : System.Text.Encoding.UTF8.GetBytes(secret);

    /// <summary>What is wrong with a configured secret, or null.</summary>
    public static string? Problem(string secret)
    {
        byte[] key;
        try
        {
            key = KeyOf(secret);
        }
        catch (FormatException)
        {
            return $"starts with {Prefix} but the rest is not base64.";
        }
        return key.Length < MinBytes ? $"must be at least {MinBytes} bytes (whsec_ and 24 or more random bytes in base64: `echo whsec_$(openssl rand -base64 32)`)." : null;
    }
}
