using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Telemetry;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// Past the memory limit (Otlp:MemoryLimitBytes here) the receivers refuse with a retry delay, and
/// take requests again once the heap is back under it. The heap size the limiter reads is the
/// test's (the real one moves with every other test in this process).
/// </summary>
public sealed class MemoryLimitTests : IAsyncLifetime
{
    private const long Limit = 100_000_000;
    private long _heap = Limit * 2;
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(
            new Dictionary<string, string?> { ["Otlp:MemoryLimitBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services => services.AddSingleton(provider => new MemoryLimiter(provider.GetRequiredService<IOptions<OtlpOptions>>(),
                provider.GetRequiredService<CollectorMeter>(), TimeProvider.System, () => Interlocked.Read(ref _heap))));

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task HeapPastTheLimit_Http503RetryAfterAndGrpcUnavailableWithRetryInfo_ThenAcceptedOnceItFallsBack()
    {
        var cancel = TestContext.Current.CancellationToken;
        var body = OtlpRequests.Traces("memory-limit", OtlpRequests.Span("hooks")).ToByteArray();

        using (var refused = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var status = Google.Rpc.Status.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync(cancel));
            Assert.Contains("memory limit", status.Message, StringComparison.Ordinal);
        }
        using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var client = new TraceService.TraceServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ExportAsync(OtlpRequests.Traces("memory-limit", OtlpRequests.Span("hooks")), cancellationToken: cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), error.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(Limit, _monitor.Get<MemoryLimiter>().LimitBytes);
        Assert.Contains("reason=\"memory_limited\"}", await _monitor.ScrapeAsync(), StringComparison.Ordinal);

        Interlocked.Exchange(ref _heap, Limit / 2);

        using var accepted = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await client.ExportAsync(OtlpRequests.Traces("memory-limit", OtlpRequests.Span("hooks")), cancellationToken: cancel);
    }

    [Fact]
    public void DefaultLimit_IsEightyPercentOfWhatTheRuntimeMayUse()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var limiter = new MemoryLimiter(Options.Create(new OtlpOptions()), new CollectorMeter(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System);

        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 100 * 80, limiter.LimitBytes);
    }
}
