using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.Collector.Tests.Otlp;

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
        SlowContent slowBody;
        Task<HttpResponseMessage> holding;
        HttpResponseMessage? refused = null;
        var attempts = 0;
        do
        {
            Assert.True(++attempts <= 10, "the slow request never held the slot");
            slowBody = new SlowContent(body);
            holding = _monitor.OtlpHttp.PostAsync("/v1/traces", slowBody, cancel);
            await slowBody.FirstBytesSent.WaitAsync(TimeSpan.FromSeconds(10), cancel);
            // Probes go one at a time, so a probe refused with 503 proves the slow request holds the
            // only slot. If instead a probe held it when the slow request arrived, the slow request
            // was the one refused (the client cannot see that while it still sends the body), and
            // probes keep succeeding: after a while without a 503 the attempt starts over.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            while (refused is null && DateTime.UtcNow < deadline)
            {
                var probe = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), cancel);
                if (probe.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    refused = probe;
                }
                else
                {
                    probe.Dispose();
                }
            }
            if (refused is null)
            {
                slowBody.Release();
                (await holding).Dispose();
            }
        }
        while (refused is null);
        using var refusedResponse = refused;

        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Traces("overload", OtlpRequests.Span("hooks")), cancellationToken: cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var retry = error.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(1), retry.RetryDelay.ToTimeSpan());

        slowBody.Release();
        using var held = await holding;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains("reason=\"overloaded\"}", await _monitor.ScrapeAsync(), StringComparison.Ordinal);
    }

    /// <summary>A body that sends its first byte, then waits to be released: it holds a receiver slot.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly byte[] _body;

        public SlowContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new("application/x-protobuf");
        }

        private readonly TaskCompletionSource _firstBytesSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstBytesSent => _firstBytesSent.Task;

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, 1));
            await stream.FlushAsync();
            _firstBytesSent.TrySetResult();
            await _released.Task;
            await stream.WriteAsync(_body.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
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
