using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitor.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// Logs sent to the monitor (exporters given one endpoint for every signal): answered 200, every
/// record counted and refused as a partial success that says why, never a 404 per batch.
/// </summary>
public sealed partial class LogsTests : IAsyncLifetime
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "stage {Stage} slow")]
    private static partial void SlowStage(ILogger logger, int stage);

    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync();

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task SdkLogExporter_BothTransports_AcceptedCountedNotKept(OtlpExportProtocol protocol)
    {
        using var received = new OwnInstrument(_monitor, "monitor.otlp.received_log_records");
        using var rejected = new OwnInstrument(_monitor, "monitor.otlp.rejected", tag: "reason");
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("logging-pipeline"));
            // Exported as each record is written: a batch left to the provider's disposal is dropped
            // when that disposal's own deadline passes first (seen on a loaded CI machine).
            o.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? _monitor.OtlpGrpcUri : new Uri(_monitor.OtlpHttpUri, "/v1/logs");
                processor.ExportProcessorType = ExportProcessorType.Simple;
                // The SDK drops a record whose export times out (10 s by default): CI's loaded cores took longer once.
                exporter.TimeoutMilliseconds = 60_000;
            });
        })))
        {
            var logger = factory.CreateLogger("pipeline");
            for (var i = 0; i < 3; i++)
            {
                SlowStage(logger, i);
            }
        }

        await Poll.UntilAsync(() => Task.FromResult(received.Total()), count => count == 3, "three log records counted", TimeSpan.FromSeconds(60));
        Assert.Equal(3, rejected.Total("unsupported_signal"));
        Assert.Contains("monitor_otlp_received_log_records_total", await _monitor.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLogs_200WithEveryRecordRefusedAndTheReason()
    {
        const string body = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"p"}}]},
              "scopeLogs":[{"logRecords":[{"body":{"stringValue":"one"}},{"body":{"stringValue":"two"}}]}]}]}
            """;

        using var response = await _monitor.OtlpHttp.PostAsync("/v1/logs", OtlpRequests.Content(System.Text.Encoding.UTF8.GetBytes(body), "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("partialSuccess");
        Assert.Equal("2", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Contains("the monitor keeps no logs", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }
}
