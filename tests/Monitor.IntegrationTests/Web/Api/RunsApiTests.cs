using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.Web.Api;

/// <summary>GET /api/runs and /api/runs/{job}: runs sent by the SDK, read back from the store; a pipeline with no run is a 404 that says so.</summary>
public sealed class RunsApiTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Runs:Schedules:api-nightly:Cron"] = "30 2 * * *",
        ["Runs:Schedules:api-nightly:TimeZone"] = "Europe/Paris",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task ARunSent_IsListedWithItsStagesOutcomeAndTrace_TheFleetLineShowsItAndTheNextExpectedRun()
    {
        using (var spans = new PipelineSpans("api-nightly", _monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.RunWithRootSpan(["module_generation", "validation"], failedStage: "validation", runId: "n-7");
            spans.Flush();
        }

        var runs = await Poll.UntilAsync(() => _monitor.Web.GetFromJsonAsync<JsonElement>("/api/runs/api-nightly", Cancel),
            body => body.GetProperty("ended").GetArrayLength() == 1, "the ended run read back from the store");
        var run = runs.GetProperty("ended")[0];
        Assert.Equal("n-7", run.GetProperty("runId").GetString());
        Assert.Equal("failed", run.GetProperty("outcome").GetString());
        Assert.Equal(["module_generation", "validation"], run.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(3, run.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(32, run.GetProperty("traceId").GetString()!.Length);
        var schedule = runs.GetProperty("schedule");
        Assert.Equal("30 2 * * *", schedule.GetProperty("cron").GetString());
        var next = schedule.GetProperty("nextExpectedRun").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow && next < DateTimeOffset.UtcNow.AddDays(1), $"next expected run {next}");
        Assert.Equal(30, next.Minute);

        var fleet = await _monitor.Web.GetFromJsonAsync<JsonElement>("/api/runs", Cancel);
        var line = Assert.Single(fleet.EnumerateArray(), l => l.GetProperty("job").GetString() == "api-nightly");
        Assert.Equal("n-7", line.GetProperty("lastRun").GetProperty("runId").GetString());
        Assert.Equal(next, line.GetProperty("nextExpectedRun").GetDateTimeOffset());
    }

    [Fact]
    public async Task ANameNothingKnows_Is404SayingWhy_AKnownPipelineWithoutRunsIs200_ABadPageIs400()
    {
        using var missing = await _monitor.Web.GetAsync("/api/runs/never-ran", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No pipeline 'never-ran' is known", await missing.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using (var spans = new PipelineSpans("api-no-runs", _monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("hooks", TimeSpan.FromSeconds(1));
            spans.Flush();
        }
        var known = await Poll.UntilAsync(() => _monitor.Web.GetAsync("/api/runs/api-no-runs", Cancel), r => r.StatusCode == HttpStatusCode.OK,
            "a pipeline the fleet knows answered 200 without a run");
        var body = await known.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(0, body.GetProperty("ended").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("schedule").ValueKind);

        using var badPage = await _monitor.Web.GetAsync("/api/runs?page=0", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }
}
