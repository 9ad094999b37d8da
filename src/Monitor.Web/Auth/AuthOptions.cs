namespace Monitor.Web.Auth;

/// <summary>Who may read and who may acknowledge, bound from the <c>Auth</c> section.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The admin token (env var Auth__AdminToken). When unset, the monitor makes one on first start,
    /// prints it once and keeps only its SHA-256 in <see cref="TokenHashFile"/>.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>Tokens that may read but not acknowledge.</summary>
    public List<string> ViewerTokens { get; set; } = [];

    /// <summary>
    /// A token that may only scrape /metrics (Prometheus' <c>authorization: credentials_file</c>),
    /// for when <see cref="AnonymousRead"/> is off and a viewer token should not sit in Prometheus' config.
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>
    /// Reading (UI, GET API, hub events, /metrics) without a token. On by default for the embedded monitor,
    /// which listens on localhost only; turn it off when the monitor is reachable from elsewhere.
    /// </summary>
    public bool AnonymousRead { get; set; } = true;

    /// <summary>Where the generated admin token's SHA-256 is kept.</summary>
    public string TokenHashFile { get; set; } = "data/admin-token.sha256";

    /// <summary>
    /// How often each replica checks that the sessions of its live hub connections are still in the
    /// store (not expired, not signed out while an announcement was lost); a sign-out on any replica
    /// ends them at once anyway.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Allowed Origins of browser connections to the hub (besides the monitor's own).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
