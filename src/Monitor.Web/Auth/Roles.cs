namespace Monitor.Web.Auth;

/// <summary>Roles and the two authorization policies.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    /// <summary>The role of Auth:MetricsToken: may scrape /metrics, nothing else.</summary>
    public const string Scraper = "scraper";

    /// <summary>Policy: read (viewer or admin, or anyone with Auth:AnonymousRead).</summary>
    public const string Read = "read";

    /// <summary>Policy: scrape /metrics (the metrics token, a viewer or admin, or anyone with Auth:AnonymousRead).</summary>
    public const string Scrape = "scrape";

    /// <summary>Policy: acknowledge (admin).</summary>
    public const string Acknowledge = "acknowledge";
}
