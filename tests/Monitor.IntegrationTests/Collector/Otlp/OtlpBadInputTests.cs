using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>Every bad input gets the answer of the OTLP specification, and the monitor keeps working.</summary>
public sealed class OtlpBadInputTests(SdkExportTests.Host host) : IClassFixture<SdkExportTests.Host>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(host.Monitor.OtlpGrpcUri);

    private MonitorHost Monitor => host.Monitor;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Http_MalformedProtobuf_400WithStatusBody()
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces",
            OtlpRequests.Content([0x0a, 0xff, 0xff, 0xff, 0x01], "application/x-protobuf"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Google.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal((int)Google.Rpc.Code.InvalidArgument, status.Code);
        Assert.Contains("not a valid OTLP protobuf", status.Message, StringComparison.Ordinal);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_MalformedJson_400WithJsonStatusBody()
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/metrics",
            OtlpRequests.Content("{\"resourceMetrics\": [ {"u8.ToArray(), "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\": 3", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        await AssertStillWorkingAsync();
    }

    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/metrics")]
    public async Task Http_JsonBodyOfOneEmoji_400WithAStatusBodyThatIsValidText(string path)
    {
        // The drill: the parser's message quoted half a surrogate pair and writing the answer threw (500).
        using var response = await Monitor.OtlpHttp.PostAsync(path, OtlpRequests.Content(System.Text.Encoding.UTF8.GetBytes("😀"), "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Contains("not a valid OTLP/JSON export request", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_UnsupportedContentType_415()
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content("x"u8.ToArray(), "text/plain"), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_UnsupportedContentEncoding_415()
    {
        var body = OtlpRequests.Traces("bad-encoding", OtlpRequests.Span("hooks")).ToByteArray();
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf", "br"), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_BodyOverMaxRequestBytes_413()
    {
        var body = new byte[5 * 1024 * 1024];

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"), Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_GzipBomb_413WithoutInflatingIt()
    {
        var bomb = OtlpRequests.Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 128 * 1024, "the bomb is small on the wire");

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(bomb, "application/x-protobuf", "gzip"), Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_CorruptGzip_400()
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces",
            OtlpRequests.Content([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff], "application/x-protobuf", "gzip"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_GzipProtobuf_Accepted()
    {
        var request = OtlpRequests.Traces("gzip-ok", OtlpRequests.Span("hooks"));

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces",
            OtlpRequests.Content(OtlpRequests.Gzip(request.ToByteArray()), "application/x-protobuf", "gzip"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await Monitor.SampleAsync("pipeline_stage_duration_seconds_count{job=\"gzip-ok\",stage=\"hooks\",status=\"success\"}"));
    }

    [Fact]
    public async Task Http_EmptyRequest_200WithoutPartialSuccess()
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content([], "application/x-protobuf"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Null(answer.PartialSuccess);
    }

    [Fact]
    public async Task Http_SomeSpansUnusable_PartialSuccessCountsExactlyThose()
    {
        var request = OtlpRequests.Traces("partial-http",
            OtlpRequests.Span("validation"),
            OtlpRequests.Span("validation", spanId: new byte[8]),
            OtlpRequests.Span("deployment", name: "unknown-stage"),
            OtlpRequests.Span(stage: null));

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(request), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(2, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("span_id must be 8 bytes", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, await Monitor.SampleAsync("pipeline_stage_duration_seconds_count{job=\"partial-http\",stage=\"validation\",status=\"success\"}"));
    }

    [Fact]
    public async Task Http_Json_HexIdsAndPartialSuccessInJson()
    {
        const string body = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-job"}}]},
             "scopeSpans":[{"spans":[
               {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174","name":"ok","kind":1,
                "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000",
                "status":{"code":2},"unknownField":true,
                "attributes":[{"key":"pipeline.stage","value":{"stringValue":"resource_generation"}},
                              {"key":"pipeline.quality.score","value":{"doubleValue":0.5}}]},
               {"traceId":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz","spanId":"eee19b7ec3c1b174","name":"bad-id"}]}]}]}
            """;

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(Encoding.UTF8.GetBytes(body), "application/json"), Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.WithDiscardUnknownFields(true).ParseJson(text);
        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Equal(1, await Monitor.SampleAsync("pipeline_resources_generated_total{job=\"json-job\",resource_type=\"unknown\",status=\"error\"}"));
    }

    [Fact]
    public async Task Http_JsonIdWithCharactersNoIdCanHave_400()
    {
        const string body = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff7-8038-103d-269b-633813fc60c!","spanId":"eee19b7ec3c1b174"}]}]}]}""";

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content(Encoding.UTF8.GetBytes(body), "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Http_ExponentialHistogram_RejectedAsPartialSuccess()
    {
        var metric = new Metric { Name = "latency", ExponentialHistogram = new ExponentialHistogram() };
        metric.ExponentialHistogram.DataPoints.Add(new ExponentialHistogramDataPoint { Count = 1, Scale = 1 });
        var gauge = new Metric { Name = "depth", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsInt = 4 });

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("expo", metric, gauge)), Cancel);

        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(1, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("exponential histograms", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(4, await Monitor.SampleAsync("depth{job=\"expo\"}"));
    }

    [Fact]
    public async Task Http_MetricNamedLikeADerivedSeries_RejectedAsTypeConflict()
    {
        var metric = new Metric { Name = "pipeline_modules_processed", Gauge = new Gauge() };
        metric.Gauge.DataPoints.Add(new NumberDataPoint { AsInt = 1 });
        var sum = new Metric { Name = "pipeline_modules_processed", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative } };
        sum.Sum.DataPoints.Add(new NumberDataPoint { AsInt = 1 });

        using var response = await Monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("conflict", metric, sum)), Cancel);

        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(1, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("another type or is reserved", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline_modules_processed_total{job=\"conflict\"", await Monitor.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_SomeSpansUnusable_PartialSuccess()
    {
        var client = new TraceService.TraceServiceClient(_channel);
        var request = OtlpRequests.Traces("partial-grpc", OtlpRequests.Span("hooks"), OtlpRequests.Span("hooks", traceId: new byte[3]));

        var answer = await client.ExportAsync(request, cancellationToken: Cancel);

        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("trace_id must be 16 bytes", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_MalformedTraceExport_InvalidArgument()
    {
        // A raw call: the generated client can only send well-formed messages.
        var method = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
            Marshallers.Create(static (byte[] b) => b, static b => b), Marshallers.Create(static (byte[] b) => b, static b => b));
        var invoker = _channel.CreateCallInvoker();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            invoker.AsyncUnaryCall(method, null, new CallOptions(cancellationToken: Cancel), [0x0a, 0xff, 0xff, 0xff, 0x01]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid OTLP protobuf", error.Status.Detail, StringComparison.Ordinal);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Grpc_MessageOverMaxRequestBytes_ResourceExhausted()
    {
        var client = new TraceService.TraceServiceClient(_channel);
        var span = OtlpRequests.Span("hooks");
        span.Attributes.Add(new KeyValue { Key = "blob", Value = new AnyValue { StringValue = new string('x', 5 * 1024 * 1024) } });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Traces("big", span), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Grpc_GzipBomb_ResourceExhaustedWithoutRetryInfo()
    {
        var client = new TraceService.TraceServiceClient(_channel);
        var span = OtlpRequests.Span("hooks");
        span.Attributes.Add(new KeyValue { Key = "blob", Value = new AnyValue { StringValue = new string('x', 32 * 1024 * 1024) } });
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Traces("bomb", span), headers, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.DoesNotContain(error.GetRpcStatus()?.Details ?? [], d => d.Is(Google.Rpc.RetryInfo.Descriptor));
        await AssertStillWorkingAsync();
    }

    [Fact]
    public async Task Grpc_GzipRequest_Accepted()
    {
        var client = new MetricsService.MetricsServiceClient(_channel);
        var gauge = new Metric { Name = "compressed", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 1.5 });
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var answer = await client.ExportAsync(OtlpRequests.Metrics("grpc-gzip", gauge), headers, cancellationToken: Cancel);

        Assert.Null(answer.PartialSuccess);
        Assert.Equal(1.5, await Monitor.SampleAsync("compressed{job=\"grpc-gzip\"}"));
    }

    /// <summary>The monitor still answers: liveness is OK and a valid export is accepted and counted.</summary>
    private async Task AssertStillWorkingAsync()
    {
        using var health = await Monitor.Web.GetAsync("/healthz", Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var job = "alive-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces(job, OtlpRequests.Span("hooks"))), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await Monitor.SampleAsync($"pipeline_stage_duration_seconds_count{{job=\"{job}\",stage=\"hooks\",status=\"success\"}}"));
    }
}
