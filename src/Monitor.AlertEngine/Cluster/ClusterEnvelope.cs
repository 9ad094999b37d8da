using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.AlertEngine.Cluster;

/// <summary>
/// Every message between replicas is sealed with the shared <c>Cluster:Key</c>: who sent it (the
/// sender's node id), when (Unix milliseconds), its place in the sender's sequence, and an
/// HMAC-SHA256 over those, the channel and the payload. A receiver takes only messages that carry
/// a valid seal, were sent within <see cref="MaxAge"/> of its own clock, and come after the last
/// one it took from that sender on that channel, so anyone who can publish on the Redis channels
/// but lacks the key can neither forge a message nor replay one.
/// </summary>
internal sealed class ClusterEnvelope
{
    /// <summary>How far a message's time may be from the receiver's: replicas' clocks agree within seconds (NTP); a replay older than this is refused whatever its sequence.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private const byte Version = 1;
    private const int NodeBytes = 16;
    private const int HeaderBytes = 1 + NodeBytes + 8 + 8 + 32;

    private readonly byte[] _key;
    private readonly Guid _node;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(Guid Node, string Channel), Latest> _latest = new();
    private readonly Lock _sending = new();
    private long _sequence;
    private long _forgotAt;

    public ClusterEnvelope(string key, Guid node, TimeProvider time)
    {
        _key = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        _node = node;
        _time = time;
    }

    /// <summary>Why a message was refused (monitor_cluster_messages_refused_total's reason).</summary>
    public enum Refusal
    {
        None,

        /// <summary>Too short, or another envelope version.</summary>
        Malformed,

        /// <summary>The seal does not match: another key, or no key at all.</summary>
        BadSeal,

        /// <summary>Sent further from now than <see cref="MaxAge"/>.</summary>
        Stale,

        /// <summary>Not after the last message taken from that sender on that channel.</summary>
        Replayed,
    }

    private sealed record Latest(long Sequence, long SentAt);

    /// <summary>
    /// Seals <paramref name="payload"/> and hands it to <paramref name="send"/> under one lock, so
    /// that messages leave in the order of their sequence numbers (a receiver drops one that comes
    /// after a later one).
    /// </summary>
    public void Send(string channel, ReadOnlySpan<byte> payload, Action<byte[]> send)
    {
        lock (_sending)
        {
            send(Seal(channel, payload, ++_sequence, _time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>The payload of a message that may be taken; otherwise why not.</summary>
    public Refusal Open(string channel, ReadOnlyMemory<byte> message, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        var span = message.Span;
        if (span.Length < HeaderBytes || span[0] != Version)
        {
            return Refusal.Malformed;
        }
        var node = new Guid(span.Slice(1, NodeBytes));
        var sentAt = BinaryPrimitives.ReadInt64BigEndian(span.Slice(1 + NodeBytes, 8));
        var sequence = BinaryPrimitives.ReadInt64BigEndian(span.Slice(1 + NodeBytes + 8, 8));
        Span<byte> expected = stackalloc byte[32];
        Mac(channel, span[..(HeaderBytes - 32)], span[HeaderBytes..], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, span.Slice(HeaderBytes - 32, 32)))
        {
            return Refusal.BadSeal;
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (Math.Abs(now - sentAt) > (long)MaxAge.TotalMilliseconds)
        {
            return Refusal.Stale;
        }
        var key = (node, channel);
        while (true)
        {
            if (_latest.TryGetValue(key, out var latest))
            {
                if (sequence <= latest.Sequence)
                {
                    return Refusal.Replayed;
                }
                if (!_latest.TryUpdate(key, new Latest(sequence, sentAt), latest))
                {
                    continue;
                }
            }
            else if (!_latest.TryAdd(key, new Latest(sequence, sentAt)))
            {
                continue;
            }
            break;
        }
        Forget(now);
        payload = message[HeaderBytes..];
        return Refusal.None;
    }

    private byte[] Seal(string channel, ReadOnlySpan<byte> payload, long sequence, long sentAt)
    {
        var message = new byte[HeaderBytes + payload.Length];
        message[0] = Version;
        _node.TryWriteBytes(message.AsSpan(1, NodeBytes));
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(1 + NodeBytes, 8), sentAt);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(1 + NodeBytes + 8, 8), sequence);
        payload.CopyTo(message.AsSpan(HeaderBytes));
        Mac(channel, message.AsSpan(0, HeaderBytes - 32), payload, message.AsSpan(HeaderBytes - 32, 32));
        return message;
    }

    /// <summary>HMAC-SHA256 over the header, the channel's name (its length first) and the payload.</summary>
    private void Mac(string channel, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        Span<byte> length = stackalloc byte[4];
        var name = Encoding.UTF8.GetBytes(channel);
        BinaryPrimitives.WriteInt32BigEndian(length, name.Length);
        hmac.AppendData(length);
        hmac.AppendData(name);
        hmac.AppendData(payload);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>Senders not heard from for longer than <see cref="MaxAge"/> are forgotten: their old messages are stale anyway (replicas restart with new ids).</summary>
    private void Forget(long now)
    {
        var last = Volatile.Read(ref _forgotAt);
        if (_latest.Count < 64 || now - last < (long)MaxAge.TotalMilliseconds || Interlocked.CompareExchange(ref _forgotAt, now, last) != last)
        {
            return;
        }
        foreach (var (key, latest) in _latest)
        {
            if (now - latest.SentAt > (long)MaxAge.TotalMilliseconds)
            {
                _latest.TryRemove(key, out _);
            }
        }
    }
}
