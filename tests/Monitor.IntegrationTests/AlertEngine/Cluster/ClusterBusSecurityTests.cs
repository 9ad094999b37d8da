using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.AlertEngine.Cluster;
using Monitor.AlertEngine.Telemetry;
using Monitor.TestSupport;
using StackExchange.Redis;

namespace Monitor.IntegrationTests.AlertEngine.Cluster;

/// <summary>
/// The cluster bus against whoever can reach Redis: without the ACL user's password nothing can be
/// published at all; with it but without Cluster:Key, a message can be neither forged nor replayed
/// (each one sealed, dated and numbered); over TLS the same holds with a private authority.
/// </summary>
public sealed class ClusterBusSecurityTests : IAsyncLifetime
{
    private const string Channel = "pipeline-monitor:alerts";
    private const string Key = MonitorHost.ClusterKey;

    private RedisServer _redis = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync();

    public ValueTask DisposeAsync()
    {
        _redis.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task WithoutThePassword_NothingCanBePublished()
    {
        // The compose Redis had no password: anyone on its network could publish on the channels.
        var options = ConfigurationOptions.Parse(_redis.AnonymousConnectionString);
        options.AbortOnConnectFail = false;
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync(options);

        var refused = await Record(() => anonymous.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), "x"u8.ToArray()));

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task UnsealedOrSealedWithAnotherKey_NotHandedOn_Counted()
    {
        using var rejections = new MeterCapture("monitor.cluster.messages_refused", "reason");
        using var receiver = Bus(Key);
        var received = Listen(receiver);
        using var other = Bus("another-cluster-key-zyxwvutsrqponmlkjihgfedcba");
        await using var attacker = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);

        await attacker.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), """{"node":"x","alerts":[{"id":"forged"}]}"""u8.ToArray());
        other.Publish(Channel, "sealed elsewhere"u8.ToArray());
        receiver.Publish(Channel, "genuine"u8.ToArray());

        Assert.Equal("genuine", await NextAsync(received));
        await Poll.UntilAsync(() => Task.FromResult(rejections.Total("malformed") + rejections.Total("bad_seal")), n => n == 2, "both refusals counted");
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ReplayedMessage_TakenOnceOnly()
    {
        using var rejections = new MeterCapture("monitor.cluster.messages_refused", "reason");
        using var sender = Bus(Key);
        using var receiver = Bus(Key);
        var received = Listen(receiver);
        await using var attacker = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var captured = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        await attacker.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel), (_, message) => captured.Writer.TryWrite((byte[])message!));

        sender.Publish(Channel, "acknowledge"u8.ToArray());
        Assert.Equal("acknowledge", await NextAsync(received));
        var copy = await captured.Reader.ReadAsync(Cancel).AsTask().WaitAsync(Poll.DefaultTimeout, Cancel);
        await attacker.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), copy);

        await Poll.UntilAsync(() => Task.FromResult(rejections.Total("replayed")), n => n == 1, "the replay refused");
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public void Envelope_SentLongerAgoThanItsMaxAge_RefusedAsStale()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sender = new ClusterEnvelope(Key, Guid.NewGuid(), time);
        var receiver = new ClusterEnvelope(Key, Guid.NewGuid(), time);
        byte[] message = [];
        sender.Send(Channel, "old"u8, sealedMessage => message = sealedMessage);

        time.Advance(ClusterEnvelope.MaxAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ClusterEnvelope.Refusal.Stale, receiver.Open(Channel, message, out _));
    }

    [Fact]
    public void Envelope_MovedToAnotherChannel_RefusedAsBadSeal()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sender = new ClusterEnvelope(Key, Guid.NewGuid(), time);
        var receiver = new ClusterEnvelope(Key, Guid.NewGuid(), time);
        byte[] message = [];
        sender.Send("pipeline-monitor:sessions", "session-hash"u8, sealedMessage => message = sealedMessage);

        Assert.Equal(ClusterEnvelope.Refusal.BadSeal, receiver.Open(Channel, message, out _));
        Assert.Equal(ClusterEnvelope.Refusal.None, receiver.Open("pipeline-monitor:sessions", message, out var payload));
        Assert.Equal("session-hash"u8.ToArray(), payload.ToArray());
    }

    [Fact]
    public async Task OverTlsWithAPrivateAuthority_MessagesGoThrough()
    {
        using var tls = await RedisServer.StartAsync(tls: true);
        using var sender = Bus(Key, tls);
        using var receiver = Bus(Key, tls);
        var received = Listen(receiver);

        sender.Publish(Channel, "over tls"u8.ToArray());

        Assert.Equal("over tls", await NextAsync(received));
    }

    private RedisClusterBus Bus(string key, RedisServer? server = null)
    {
        var redis = server ?? _redis;
        var options = new ClusterOptions { RedisConnectionString = redis.ConnectionString, RedisCaCertificate = redis.CaCertificate, Key = key };
        var meter = new AlertMeter(MeterCapture.Factory);
        return new RedisClusterBus(options, new AlertLog(NullLogger<AlertLog>.Instance), meter, TimeProvider.System);
    }

    private static Channel<string> Listen(RedisClusterBus bus)
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        bus.Subscribe(Channel, message => received.Writer.TryWrite(System.Text.Encoding.UTF8.GetString(message.Span)));
        return received;
    }

    private static async Task<string> NextAsync(Channel<string> received) =>
        await received.Reader.ReadAsync(Cancel).AsTask().WaitAsync(Poll.DefaultTimeout, Cancel);

    private static async Task<Exception?> Record(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }
}
