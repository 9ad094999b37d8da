namespace Monitor.Collector.Feeds;

/// <summary>
/// The readers of one feed (spans, snapshots, ended runs, alert changes, health): each subscribes
/// with its own bounded queue and <see cref="Publish"/> hands an item to every one. The list is
/// copied on change, so publishing, the hot side, takes no lock and allocates nothing.
/// </summary>
public sealed class Feed<T>
{
    private readonly Lock _lock = new();
    private readonly Action<long>? _readerBehind;
    private FeedSubscription<T>[] _subscribers = [];

    /// <param name="readerBehind">Called with a reader's total of lost items when one more was lost (it fell behind).</param>
    public Feed(Action<long>? readerBehind = null) => _readerBehind = readerBehind;

    public FeedSubscription<T> Subscribe(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new FeedSubscription<T>(capacity, Unsubscribe);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    public void Publish(T item)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            var dropped = subscriber.Dropped;
            subscriber.Publish(item);
            if (_readerBehind is not null && subscriber.Dropped != dropped)
            {
                _readerBehind(subscriber.Dropped);
            }
        }
    }

    private void Unsubscribe(FeedSubscription<T> subscription)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        }
    }
}
