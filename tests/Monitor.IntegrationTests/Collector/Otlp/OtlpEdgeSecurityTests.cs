using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// The OTLP/HTTP port against clients that do not play fair: a receiver slot is held only while
/// the monitor works on a request, a body that does not arrive in time is answered 408 and counted,
/// and a client that goes away mid-body is the client's doing, not a defect of the monitor.
/// </summary>
public sealed class OtlpEdgeSecurityTests : IAsyncLifetime
{
    private const int Slots = 4;

    private readonly LogRecorder _logs = new();
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Otlp:MaxConcurrentRequests"] = Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Otlp:RequestBodyTimeout"] = "00:00:04",
        ["Logging:LogLevel:Monitor"] = "Debug",
    }, _logs.AddTo);

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task SlowUploads_MoreThanTheSlots_HonestExportsStillAccepted_SlowOnes408AndCounted()
    {
        // The reproduction: 70 connections trickling at 300 B/s held all 64 slots (taken before the
        // body was read) and honest exports got 503 for 20 s. Here: 3 x the slots, at 300 B/s.
        using var rejections = new OwnInstrument(_monitor, "monitor.otlp.rejected", tag: "reason");
        var slow = Enumerable.Range(0, 3 * Slots).Select(_ => TrickleAsync(bytesPerSecond: 300)).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);

        var honest = new List<HttpStatusCode>();
        var body = OtlpRequests.Traces("honest-exporter", OtlpRequests.Span("hooks")).ToByteArray();
        for (var i = 0; i < 10; i++)
        {
            using var response = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), Cancel);
            honest.Add(response.StatusCode);
        }
        var answers = await Task.WhenAll(slow);

        Assert.All(honest, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(answers, answer => Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal));
        Assert.Equal(3 * Slots, rejections.Total("slow_body"));
    }

    [Fact]
    public async Task ClientDropsTheUploadMidBody_CountedAsClientAborted_NoErrorLogged()
    {
        // The reproduction: an error log with a stack trace, a 500 attempted, reason="internal" raised.
        using var rejections = new OwnInstrument(_monitor, "monitor.otlp.rejected", tag: "reason");

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(_monitor.OtlpHttpUri.Host, _monitor.OtlpHttpUri.Port, Cancel);
            var stream = client.GetStream();
            await stream.WriteAsync(Headers(contentLength: 10_000), Cancel);
            await stream.WriteAsync(new byte[100], Cancel);
            await stream.FlushAsync(Cancel);
            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
            client.Client.Shutdown(SocketShutdown.Both);
        }

        await Poll.UntilAsync(() => Task.FromResult(rejections.Total("client_aborted")), count => count == 1, "client_aborted counted");
        Assert.Equal(0, rejections.Total("internal"));
        Assert.DoesNotContain(_logs.AtLeast(LogLevel.Warning), e => e.Category.StartsWith("Monitor", StringComparison.Ordinal));
        var line = Assert.Single(_logs.Entries, e => e.Message.Contains("before its body", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Null(line.Exception);
    }

    [Fact]
    public async Task SlowGrpcMessage_StreamResetAtTheDeadline_CountedAsSlowBody_HonestCallsAccepted()
    {
        using var rejections = new OwnInstrument(_monitor, "monitor.otlp.rejected", tag: "reason");
        var message = OtlpRequests.Traces("slow-grpc", OtlpRequests.Span("hooks")).ToByteArray();
        // A gRPC frame: not compressed, big-endian length, the message.
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
        message.CopyTo(frame, 5);
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var slowMessage = new TricklingContent(frame, "application/grpc", bytesPerSecond: 5);
        var slowCall = http2.PostAsync(new Uri(_monitor.OtlpGrpcUri, "/opentelemetry.proto.collector.trace.v1.TraceService/Export"), slowMessage, Cancel);

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(_monitor.OtlpGrpcUri);
        var honest = await new TraceService.TraceServiceClient(channel)
            .ExportAsync(OtlpRequests.Traces("honest-grpc", OtlpRequests.Span("hooks")), cancellationToken: Cancel);
        var reset = await Assert.ThrowsAnyAsync<HttpRequestException>(() => slowCall.WaitAsync(TimeSpan.FromSeconds(30), Cancel));

        Assert.Null(honest.PartialSuccess);
        Assert.Contains("reset", reset.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, rejections.Total("slow_body"));
    }

    /// <summary>A body sent a few bytes at a time until it is all sent or the server stops taking it.</summary>
    private sealed class TricklingContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _bytesPerSecond;

        public TricklingContent(byte[] body, string contentType, int bytesPerSecond)
        {
            _body = body;
            _bytesPerSecond = bytesPerSecond;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var chunk = Math.Max(1, _bytesPerSecond / 5);
            for (var sent = 0; sent < _body.Length; sent += chunk)
            {
                await stream.WriteAsync(_body.AsMemory(sent, Math.Min(chunk, _body.Length - sent)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>Sends a 10,000-byte export's headers, then its body at <paramref name="bytesPerSecond"/>; returns the status line it was answered.</summary>
    private async Task<string> TrickleAsync(int bytesPerSecond)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_monitor.OtlpHttpUri.Host, _monitor.OtlpHttpUri.Port, Cancel);
        var stream = client.GetStream();
        await stream.WriteAsync(Headers(contentLength: 10_000), Cancel);
        var chunk = new byte[bytesPerSecond / 10];
        var reading = ReadStatusLineAsync(stream);
        for (var sent = 0; sent < 10_000 && !reading.IsCompleted; sent += chunk.Length)
        {
            try
            {
                await stream.WriteAsync(chunk, Cancel);
            }
            catch (IOException)
            {
                // Answered and closed by the monitor.
                break;
            }
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(100), Cancel));
        }
        return await reading.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, Cancel);
        var text = Encoding.ASCII.GetString(buffer, 0, read);
        return text.Split("\r\n")[0];
    }

    private byte[] Headers(int contentLength) => Encoding.ASCII.GetBytes(
        $"POST /v1/traces HTTP/1.1\r\nHost: {_monitor.OtlpHttpUri.Authority}\r\nContent-Type: application/x-protobuf\r\nContent-Length: {contentLength}\r\n\r\n");
}
