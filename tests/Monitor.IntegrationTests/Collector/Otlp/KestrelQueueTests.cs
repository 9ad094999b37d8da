using System.Diagnostics.Metrics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// While more than Otlp:MaxQueuedConnections wait in Kestrel before any handler, the receivers refuse
/// with a retry delay, and take requests again once the queue is back under. The queue is Kestrel's
/// own instrument (meter Microsoft.AspNetCore.Server.Kestrel, kestrel.queued_connections); the test
/// moves an instrument of that name and meter, as Kestrel does when connections wait. It runs alone:
/// every monitor in this process reads the same instruments.
/// </summary>
[Collection(nameof(ThreadPoolFlood))]
public sealed class KestrelQueueTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Otlp:MaxQueuedConnections"] = "100",
            // Only the queue decides here.
            ["Otlp:MaxSchedulingDelay"] = "00:00:00",
        });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task ConnectionsQueuedInKestrelPastTheLimit_OtlpRefusedWithRetryDelay_ThenAcceptedOnceTheyStart()
    {
        var cancel = TestContext.Current.CancellationToken;
        var body = OtlpRequests.Traces("kestrel-queue", OtlpRequests.Span("hooks"));
        using var meter = new Meter("Microsoft.AspNetCore.Server.Kestrel");
        var queued = meter.CreateUpDownCounter<long>("kestrel.queued_connections", "{connection}");
        using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var grpc = new TraceService.TraceServiceClient(channel);
        using (var before = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(body), cancel))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        queued.Add(150);
        try
        {
            Assert.True(_monitor.Get<KestrelQueue>().Waiting >= 150);
            using var refused = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(body), cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(body, cancellationToken: cancel).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }
        finally
        {
            queued.Add(-150);
        }

        using var accepted = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(body), cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await grpc.ExportAsync(body, cancellationToken: cancel);
        Assert.Contains("reason=\"overloaded\"}", await _monitor.ScrapeAsync(), StringComparison.Ordinal);
    }
}
