using System.Globalization;
using Monitor.AlertEngine.Model;

namespace Monitor.Web.Realtime;

/// <summary>
/// A short text that names one open set: how many alerts, and a hash of each alert's id and
/// version combined without regard to order. Two replicas holding the same alerts at the same
/// versions give the same digest; any change (every stored change raises the version) gives
/// another. A console that loaded the open alerts over REST hands its digest to the hub
/// (<c>SyncAlerts</c>), which sends the open set again only when its own differs.
/// </summary>
internal static class OpenAlertsDigest
{
    /// <summary>The longest digest: a count of at most 10 digits, a dash, 16 hex digits.</summary>
    public const int MaxLength = 27;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static string Of(IReadOnlyList<PerformanceAlert> open)
    {
        ulong combined = 0;
        foreach (var alert in open)
        {
            combined ^= HashOf(alert.Id, alert.Version);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{open.Count}-{combined:x16}");
    }

    /// <summary>FNV-1a over the id's characters and the version, then mixed so that XOR-combining does not cancel near-equal hashes.</summary>
    private static ulong HashOf(string id, long version)
    {
        var hash = FnvOffset;
        foreach (var character in id)
        {
            hash = (hash ^ character) * FnvPrime;
        }
        hash = (hash ^ (ulong)version) * FnvPrime;
        // MurmurHash3's 64-bit finaliser.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
