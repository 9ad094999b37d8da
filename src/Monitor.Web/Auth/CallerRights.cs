using System.Security.Claims;
using Monitor.AlertEngine.Storage.WebSessions;

namespace Monitor.Web.Auth;

/// <summary>
/// Whether the credential a long-lived connection was opened with still holds: its session is
/// still in the store (not signed out on any replica, not expired), its token still valid. A hub
/// method asks this before it acts, so rights are the caller's as they are now, not as they were
/// when the WebSocket opened.
/// </summary>
internal sealed class CallerRights(ISessionStore sessions, TokenStore tokens, TimeProvider time, ILogger<CallerRights> logger)
{
    public async ValueTask<bool> StillValidAsync(ClaimsPrincipal user, HttpContext? connection, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            // Anonymous: the read policy, evaluated on every call, says what it may do now.
            return true;
        }
        if (DatabaseTicketStore.SessionOf(user) is { } session)
        {
            try
            {
                return await sessions.FindAsync(session, time.GetUtcNow(), cancellationToken) is not null;
            }
            catch (System.Data.Common.DbException error)
            {
                // The store is away: no session can be ended meanwhile, and a write needs the store anyway.
                AuthLog.SessionStoreUnavailable(logger, error);
                return true;
            }
        }
        if (connection is not null && BearerTokenHandler.TokenOf(connection.Request) is { Length: > 0 } token)
        {
            return tokens.RoleOf(token) is { } role && user.IsInRole(role);
        }
        return false;
    }
}
