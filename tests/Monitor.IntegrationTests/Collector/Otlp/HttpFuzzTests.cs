using System.Net;
using CsCheck;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// The real receivers under random bodies, content types and encodings: every answer is one the
/// OTLP table allows (200, 400, 413, 415, 503), never a 500, and the monitor keeps answering.
/// </summary>
public sealed class HttpFuzzTests : IAsyncLifetime
{
    private static readonly HttpStatusCode[] Allowed =
        [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.ServiceUnavailable];

    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Otlp:MaxRequestBytes"] = "65536" });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task AnyBodyTypeAndEncoding_AnsweredAsTheSpecificationSays_NeverA500()
    {
        var seeds = new[]
        {
            Google.Protobuf.MessageExtensions.ToByteArray(OtlpRequests.Traces("http-fuzz", OtlpRequests.Span("hooks"))),
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}"u8.ToArray(),
        };
        var requests = Gen.Select(Mutations.OfOrRandom(seeds), Gen.Int[0, 2], Gen.Int[0, 2], Gen.Bool);
        await requests.SampleAsync(async request =>
        {
            var (body, path, type, gzip) = request;
            var content = OtlpRequests.Content(gzip ? OtlpRequests.Gzip(body) : body,
                type switch { 0 => "application/x-protobuf", 1 => "application/json", _ => "text/plain" }, gzip ? "gzip" : null);
            using var response = await _monitor.OtlpHttp.PostAsync(path switch { 0 => "/v1/traces", 1 => "/v1/metrics", _ => "/v1/logs" }, content,
                TestContext.Current.CancellationToken);
            Assert.Contains(response.StatusCode, Allowed);
        }, iter: 100_000, time: 4, threads: 1, writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line));

        using var after = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces("after-fuzz", OtlpRequests.Span("hooks"))),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
