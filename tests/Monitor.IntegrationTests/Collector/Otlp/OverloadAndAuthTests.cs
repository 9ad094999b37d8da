using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>Past Otlp:MaxConcurrentRequests the receivers refuse with a retry delay, and memory stays bounded.</summary>
public sealed class OverloadTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Otlp:MaxConcurrentRequests"] = "1" });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task RequestWhileTheOnlySlotIsBusy_Http503RetryAfterAndGrpcUnavailableWithRetryInfo()
    {
        var cancel = TestContext.Current.CancellationToken;
        var body = OtlpRequests.Traces("overload", OtlpRequests.Span("hooks")).ToByteArray();
        // The test holds the only slot, as a request being decoded would: a slot is taken only once
        // a body has arrived, so no client can hold one from outside (OtlpEdgeSecurityTests).
        var gate = _monitor.Get<IngestionGate>();
        Assert.True(gate.TryTakeSlot());
        try
        {
            using var refused = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), cancel);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Traces("overload", OtlpRequests.Span("hooks")), cancellationToken: cancel).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            var retry = error.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>();
            Assert.Equal(TimeSpan.FromSeconds(1), retry.RetryDelay.ToTimeSpan());
        }
        finally
        {
            gate.ReleaseSlot();
        }

        using var accepted = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("reason=\"overloaded\"}", await _monitor.ScrapeAsync(), StringComparison.Ordinal);
    }
}

/// <summary>With Otlp:ApiKey set, ingestion needs the key on both transports.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "test-ingestion-key-0123456789";
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Otlp:ApiKey"] = Key });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key-wrong-key-wrong", HttpStatusCode.Unauthorized)]
    [InlineData(Key, HttpStatusCode.OK)]
    public async Task Http_ApiKeyHeader_OnlyTheRightKeyIsAccepted(string? key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces")
        {
            Content = OtlpRequests.Protobuf(OtlpRequests.Traces("keyed", OtlpRequests.Span("hooks"))),
        };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        using var response = await _monitor.OtlpHttp.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_WithoutKey_UnauthenticatedAndWithKey_Accepted()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var client = new TraceService.TraceServiceClient(channel);
        var request = OtlpRequests.Traces("keyed-grpc", OtlpRequests.Span("hooks"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(request, cancellationToken: cancel).ResponseAsync);
        var answer = await client.ExportAsync(request, new Metadata { { "x-api-key", Key } }, cancellationToken: cancel);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Null(answer.PartialSuccess);
    }
}
