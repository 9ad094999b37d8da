using System.Collections.Concurrent;

namespace Monitor.AlertEngine.Cluster;

/// <summary>One replica: messages go to this process's own subscribers only.</summary>
internal sealed class InProcessClusterBus : IClusterBus
{
    private readonly ConcurrentDictionary<string, ImmutableSubscribers> _channels = new(StringComparer.Ordinal);

    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    public bool IsShared => false;

    public void Publish(string channel, byte[] message)
    {
        if (_channels.TryGetValue(channel, out var subscribers))
        {
            foreach (var receive in subscribers.Receivers)
            {
                receive(message);
            }
        }
    }

    public IDisposable Subscribe(string channel, Action<ReadOnlyMemory<byte>> receive)
    {
        _channels.AddOrUpdate(channel, _ => new([receive]), (_, s) => new([.. s.Receivers, receive]));
        return new Unsubscriber(() => _channels.AddOrUpdate(channel, _ => new([]), (_, s) => new([.. s.Receivers.Where(r => r != receive)])));
    }

    private sealed record ImmutableSubscribers(Action<ReadOnlyMemory<byte>>[] Receivers);

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
