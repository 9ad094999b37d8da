using System.Threading.Channels;

namespace Monitor.Collector.Feeds;

/// <summary>A reader's own bounded queue of feed items; dispose to unsubscribe.</summary>
public sealed class FeedSubscription<T> : IDisposable
{
    private readonly Channel<T> _channel;
    private readonly Action<FeedSubscription<T>> _unsubscribe;
    private long _dropped;

    public FeedSubscription(int capacity, Action<FeedSubscription<T>> unsubscribe)
    {
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => Interlocked.Increment(ref _dropped));
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Items lost because this reader fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(T item) => _channel.Writer.TryWrite(item);

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
