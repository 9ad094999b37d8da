using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Monitor.AlertEngine.Storage.WebSessions;

namespace Monitor.Web.Auth;

/// <summary>
/// Server-side cookie sessions: the cookie carries a random key (256 bits), the ticket lives in
/// the monitor's database under the key's SHA-256. Signing out deletes it on every replica at
/// once, so a replayed cookie is refused. A store that cannot answer signs nobody in (bearer
/// tokens still work) rather than failing the request.
/// </summary>
internal sealed class DatabaseTicketStore(ISessionStore sessions, SessionEnds ends, TimeProvider time, ILogger<DatabaseTicketStore> logger) : ITicketStore
{
    /// <summary>
    /// The claim that names a principal's session (its key's hash) once the ticket is read back,
    /// so that whatever holds the principal longer than a request (a hub connection) can tell
    /// whether its session still exists.
    /// </summary>
    public const string SessionClaim = "monitor:session";

    /// <summary>How long a session lasts without use (the cookie's sliding expiration renews it).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = TokenStore.NewToken();
        await RenewAsync(key, ticket, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        sessions.SaveAsync(Hash(key), TicketSerializer.Default.Serialize(ticket), ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + Lifetime,
            cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var hash = Hash(key);
            if (await sessions.FindAsync(hash, time.GetUtcNow(), cancellationToken) is not { } stored
                || TicketSerializer.Default.Deserialize(stored) is not { } ticket)
            {
                return null;
            }
            if (ticket.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionClaim))
            {
                identity.AddClaim(new Claim(SessionClaim, hash));
            }
            return ticket;
        }
        catch (DbException error)
        {
            AuthLog.SessionStoreUnavailable(logger, error);
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        await sessions.RemoveAsync(hash, cancellationToken);
        ends.Ended(hash);
    }

    /// <summary>The session (key hash) of a principal read from a cookie; null for any other principal.</summary>
    public static string? SessionOf(ClaimsPrincipal user) => user.FindFirst(SessionClaim)?.Value;

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
