namespace Monitor.Web.Auth;

/// <summary>Roles and the two authorization policies.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    /// <summary>Policy: read (viewer or admin, or anyone with Auth:AnonymousRead).</summary>
    public const string Read = "read";

    /// <summary>Policy: acknowledge (admin).</summary>
    public const string Acknowledge = "acknowledge";
}
