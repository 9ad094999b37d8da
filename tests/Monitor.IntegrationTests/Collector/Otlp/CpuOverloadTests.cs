using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>Runs alone: it floods the thread pool that every test host of this process shares.</summary>
[CollectionDefinition(nameof(ThreadPoolFlood), DisableParallelization = true)]
public sealed class ThreadPoolFlood;

/// <summary>
/// While work waits longer than Otlp:MaxSchedulingDelay for a thread (the monitor is short of CPU),
/// OTLP requests are refused with a retry delay; once the wait falls they are accepted again.
/// </summary>
[Collection(nameof(ThreadPoolFlood))]
public sealed class CpuOverloadTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Otlp:MaxSchedulingDelay"] = "00:00:00.050" });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task ThreadPoolBacklog_OtlpRefusedWithRetryDelay_ThenAcceptedWhenItDrains()
    {
        var body = OtlpRequests.Traces("cpu-overload", OtlpRequests.Span("hooks"));
        using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var grpc = new TraceService.TraceServiceClient(channel);

        using (var backlog = ThreadPoolBacklog.Start(queued: 200, itemTime: TimeSpan.FromMilliseconds(5)))
        {
            using var refused = await Poll.UntilAsync(
                () => _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(body), Cancel),
                response => response.StatusCode == HttpStatusCode.ServiceUnavailable, "an OTLP/HTTP export refused with 503");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var error = await Poll.UntilAsync(
                async () => await Record.ExceptionAsync(() => grpc.ExportAsync(body, cancellationToken: Cancel).ResponseAsync) as RpcException,
                rpc => rpc?.StatusCode == StatusCode.Unavailable, "an OTLP/gRPC export refused with UNAVAILABLE");
            Assert.Equal(TimeSpan.FromSeconds(1), error!.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());
        }

        using var accepted = await Poll.UntilAsync(
            () => _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(body), Cancel),
            response => response.StatusCode == HttpStatusCode.OK, "the export accepted again once the backlog drained");
        var exposition = await _monitor.ScrapeAsync();
        Assert.Contains("# TYPE monitor_scheduling_delay_seconds gauge", exposition, StringComparison.Ordinal);
        Assert.Contains("reason=\"overloaded\"}", exposition, StringComparison.Ordinal);
    }

    /// <summary>
    /// Keeps <c>queued</c> work items waiting on the thread pool's global queue, as a CPU-bound monitor
    /// does. The items sleep instead of spinning: the backlog is the same for the probe, and the other
    /// test projects running meanwhile keep their CPU.
    /// </summary>
    private sealed class ThreadPoolBacklog : IDisposable
    {
        private readonly Thread _producer;
        private volatile bool _stopped;
        private int _pending;

        private ThreadPoolBacklog(int queued, TimeSpan itemTime)
        {
            _producer = new Thread(() =>
            {
                while (!_stopped)
                {
                    if (Volatile.Read(ref _pending) >= queued)
                    {
                        Thread.Sleep(1);
                        continue;
                    }
                    Interlocked.Increment(ref _pending);
                    ThreadPool.UnsafeQueueUserWorkItem<object?>(_ =>
                    {
                        Thread.Sleep(itemTime);
                        Interlocked.Decrement(ref _pending);
                    }, null, preferLocal: false);
                }
            }) { IsBackground = true };
            _producer.Start();
        }

        public static ThreadPoolBacklog Start(int queued, TimeSpan itemTime) => new(queued, itemTime);

        public void Dispose()
        {
            _stopped = true;
            _producer.Join();
        }
    }
}
