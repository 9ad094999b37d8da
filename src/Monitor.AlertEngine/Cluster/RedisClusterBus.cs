using Monitor.AlertEngine.Telemetry;
using StackExchange.Redis;

namespace Monitor.AlertEngine.Cluster;

/// <summary>
/// Redis pub/sub between replicas. The connection is made in the background and re-made by the
/// client after a Redis restart (AbortOnConnectFail off); while Redis is away, sends are dropped
/// (counted) and every replica catches up from the store and the next snapshots. Redis may ask
/// for a user and password (ACL) and speak TLS: <c>user=</c>, <c>password=</c>, <c>ssl=true</c> in
/// the connection string, <c>Redis:CaCertificate</c> for a private authority. Every message is
/// sealed with <c>Cluster:Key</c> (<see cref="ClusterEnvelope"/>); one without a valid seal is
/// dropped and counted, never handed on.
/// </summary>
internal sealed class RedisClusterBus : IClusterBus, IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly ClusterEnvelope _envelope;
    private readonly AlertLog _log;
    private readonly AlertMeter _meter;
    private readonly Guid _node = Guid.NewGuid();

    public RedisClusterBus(ClusterOptions cluster, AlertLog log, AlertMeter meter, TimeProvider time)
    {
        var options = ConfigurationOptions.Parse(cluster.RedisConnectionString!);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pipeline-monitor";
        if (cluster.RedisCaCertificate is { Length: > 0 } authority)
        {
            options.TrustIssuer(authority);
        }
        _redis = ConnectionMultiplexer.Connect(options);
        _envelope = new ClusterEnvelope(cluster.Key!, _node, time);
        _log = log;
        _meter = meter;
        NodeId = _node.ToString("N");
    }

    public string NodeId { get; }

    public bool IsShared => true;

    public void Publish(string channel, byte[] message)
    {
        Task sending = Task.CompletedTask;
        try
        {
            _envelope.Send(channel, message, sealedMessage => sending = _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), sealedMessage));
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
                if (_envelope.Open(channel, (byte[])message.Message!, out var payload) is var refusal and not ClusterEnvelope.Refusal.None)
                {
                    Refused(channel, refusal);
                    return;
                }
                receive(payload);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                _log.ClusterMessageFailed(error, channel);
            }
        });
        return new Unsubscriber(queue);
    }

    public void Dispose() => _redis.Dispose();

    private void Refused(string channel, ClusterEnvelope.Refusal refusal)
    {
        var reason = refusal switch
        {
            ClusterEnvelope.Refusal.BadSeal => "bad_seal",
            ClusterEnvelope.Refusal.Stale => "stale",
            ClusterEnvelope.Refusal.Replayed => "replayed",
            _ => "malformed",
        };
        _meter.ClusterMessageRefused(channel, reason);
        _log.ClusterMessageRefused(channel, reason);
    }

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
