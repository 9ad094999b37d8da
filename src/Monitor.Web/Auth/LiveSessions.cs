using System.Collections.Concurrent;

namespace Monitor.Web.Auth;

/// <summary>
/// The live hub connections of each sign-in session on this replica, so that the end of a session
/// (sign-out here or on another replica, expiry) ends its connections at once instead of leaving
/// a WebSocket with the rights it was opened with. Connections without a session (a bearer token,
/// anonymous reading) are not kept here.
/// </summary>
internal sealed class LiveSessions
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    private sealed record Connection(string Session, Action Abort);

    /// <summary>The sessions (key hashes) with a live connection here.</summary>
    public IReadOnlyCollection<string> Sessions => [.. _connections.Values.Select(c => c.Session).Distinct(StringComparer.Ordinal)];

    public void Add(string connectionId, string session, Action abort) => _connections[connectionId] = new Connection(session, abort);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Closes every connection of <paramref name="session"/>; returns how many.</summary>
    public int End(string session)
    {
        var ended = 0;
        foreach (var (id, connection) in _connections)
        {
            if (string.Equals(connection.Session, session, StringComparison.Ordinal) && _connections.TryRemove(id, out _))
            {
                connection.Abort();
                ended++;
            }
        }
        return ended;
    }
}
