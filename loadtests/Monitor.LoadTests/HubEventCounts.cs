using System.Text;
using System.Text.Json;

namespace Monitor.LoadTests;

/// <summary>Messages received by every client of a run, by hub event (counted without a string per message).</summary>
internal sealed class HubEventCounts
{
    private static readonly string[] Events =
        ["alerts_update", "fleet_update", "metrics_update", "status_update", "health_check_complete", "alerts_snapshot"];
    private static readonly byte[][] Names = [.. Events.Select(Encoding.UTF8.GetBytes)];

    // One slot per event and one for any other.
    private readonly long[] counts = new long[Events.Length + 1];

    /// <summary>Counts the event whose name the reader is on (a string token).</summary>
    public void Count(ref Utf8JsonReader reader)
    {
        var slot = Events.Length;
        for (var i = 0; i < Names.Length; i++)
        {
            if (reader.ValueTextEquals(Names[i]))
            {
                slot = i;
                break;
            }
        }
        Interlocked.Increment(ref counts[slot]);
    }

    public long Total => Enumerable.Range(0, counts.Length).Sum(i => Interlocked.Read(ref counts[i]));

    /// <summary>"alerts_update 100000, fleet_update 25000, ..." (events never received left out).</summary>
    public string Describe(HubEventCounts? since = null) => string.Join(", ",
        Events.Append("other").Select((name, i) => (name, count: Interlocked.Read(ref counts[i]) - (since?.counts[i] ?? 0)))
            .Where(e => e.count > 0).Select(e => $"{e.name} {e.count}"));

    public HubEventCounts Copy()
    {
        var copy = new HubEventCounts();
        for (var i = 0; i < counts.Length; i++)
        {
            copy.counts[i] = Interlocked.Read(ref counts[i]);
        }
        return copy;
    }
}
