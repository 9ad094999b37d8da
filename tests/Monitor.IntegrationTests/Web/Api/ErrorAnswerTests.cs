using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Api;

/// <summary>
/// Every error is an RFC 9457 problem details answer with a precise status and nothing of the
/// exception in it: a defect is a 500, a store that cannot answer a 503 the caller may retry.
/// </summary>
public sealed class ErrorAnswerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnhandledError_500ProblemDetailsWithoutTheException()
    {
        await using var monitor = await MonitorHost.StartAsync(services: s => s.Decorate<IAlertStore>(inner => new ThrowingStore(inner)));

        using var response = await monitor.Web.GetAsync("/api/alerts", Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("secret-internal-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("at Monitor.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreThatCannotAnswer_Reads503WithRetryAfter_Acknowledge503_ReadinessNamesTheStore()
    {
        // A read-only open of a file that does not exist: every query fails, as a store that went away.
        var missing = Path.Combine(Path.GetTempPath(), "monitor-missing-" + Guid.NewGuid().ToString("N"), "gone.db");
        await using var monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source=file:{missing}?mode=ro" });

        foreach (var path in new[] { "/api/alerts", "/api/alerts/some-id", "/api/alerts/some-id/history" })
        {
            using var read = await monitor.Web.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(read.Headers.RetryAfter);
        }
        using var acknowledge = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/some-id/acknowledge") { Content = JsonContent.Create(new { comment = "x" }) };
        acknowledge.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
        using var acknowledged = await monitor.Web.SendAsync(acknowledge, Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, acknowledged.StatusCode);
        Assert.Contains("nothing was recorded", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var ready = await monitor.Web.GetAsync("/readyz", Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("store: Unhealthy", await ready.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    /// <summary>A store with a defect of the unexpected kind (not a database error).</summary>
    private sealed class ThrowingStore(IAlertStore inner) : IAlertStore
    {
        public string Provider => inner.Provider;

        public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

        public Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken) => inner.ApplyAsync(intents, cancellationToken);

        public Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken) =>
            inner.AcknowledgeAsync(command, cancellationToken);

        public Task<(UnacknowledgeOutcome Outcome, AlertChange? Change)> UnacknowledgeAsync(UnacknowledgeCommand command, CancellationToken cancellationToken) =>
            inner.UnacknowledgeAsync(command, cancellationToken);

        public Task<AlertChange?> RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken) =>
            inner.RecordSilenceAsync(alertId, silenceId, until, cancellationToken);

        public Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) => inner.GetOpenAsync(cancellationToken);

        public Task<long> GetLatestVersionAsync(CancellationToken cancellationToken) => inner.GetLatestVersionAsync(cancellationToken);

        public Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken) =>
            inner.GetChangedSinceAsync(version, limit, cancellationToken);

        public Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret-internal-detail");

        public Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken) => inner.GetHistoryAsync(id, cancellationToken);

        public Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteClosedBeforeAsync(before, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

        public bool RefusesForItsData(Exception error) => inner.RefusesForItsData(error);
    }
}
