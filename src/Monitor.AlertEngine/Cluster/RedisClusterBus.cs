using Monitor.AlertEngine.Telemetry;
using StackExchange.Redis;

namespace Monitor.AlertEngine.Cluster;

/// <summary>
/// Redis pub/sub between replicas. The connection is made in the background and re-made by the
/// client after a Redis restart (AbortOnConnectFail off); while Redis is away, sends are dropped
/// (counted) and every replica catches up from the store and the next snapshots.
/// </summary>
internal sealed class RedisClusterBus : IClusterBus, IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly AlertLog _log;
    private readonly AlertMeter _meter;

    public RedisClusterBus(string connectionString, AlertLog log, AlertMeter meter)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pipeline-monitor";
        _redis = ConnectionMultiplexer.Connect(options);
        _log = log;
        _meter = meter;
    }

    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    public bool IsShared => true;

    public void Publish(string channel, byte[] message)
    {
        Task sending;
        try
        {
            sending = _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message);
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            Lost(channel, error);
            return;
        }
        sending.ContinueWith(
            static (task, state) =>
            {
                var (bus, channel) = ((RedisClusterBus, string))state!;
                bus.Lost(channel, task.Exception!.GetBaseException());
            },
            (this, channel), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public IDisposable Subscribe(string channel, Action<ReadOnlyMemory<byte>> receive)
    {
        var queue = _redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel));
        // One message at a time, in the order Redis delivered them.
        queue.OnMessage(message =>
        {
            try
            {
                receive((byte[])message.Message!);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                _log.ClusterMessageFailed(error, channel);
            }
        });
        return new Unsubscriber(queue);
    }

    public void Dispose() => _redis.Dispose();

    private void Lost(string channel, Exception error)
    {
        _meter.ClusterMessageLost(channel);
        _log.ClusterPublishFailed(error, channel);
    }

    private sealed class Unsubscriber(ChannelMessageQueue queue) : IDisposable
    {
        public void Dispose() => queue.Unsubscribe();
    }
}
