using System.Net;
using System.Text;
using System.Text.Json;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.AlertEngine.Notifications;

/// <summary>The monitor's own webhook: one signed event per transition, at least once, with keys that let a receiver drop repeats.</summary>
public sealed class WebhookTests(NotificationRig rig) : IClassFixture<NotificationRig>
{
    [Fact]
    public async Task ReceiverAnswering500Then200_EveryTransitionArrivesSigned_RetriesCarryTheSameKey()
    {
        // The receiver fails the first two calls whatever they are.
        rig.Webhook.Answers.Enqueue(HttpStatusCode.InternalServerError);
        rig.Webhook.Answers.Enqueue(HttpStatusCode.InternalServerError);
        var alert = await Alerting.SlowModuleAsync(rig.Monitor, "hook-retry");
        await rig.AcknowledgeAsync(alert.Id, "on it");
        await rig.ResolveAsync(alert);

        var received = await Poll.UntilAsync(() => Task.FromResult(Of("hook-retry")),
            calls => new[] { "fired", "acknowledged", "resolved" }.All(e => calls.Any(c => c.Answered == HttpStatusCode.OK && Event(c) == e)),
            "fired, acknowledged and resolved to be taken by the receiver");

        Assert.Contains(received, c => c.Answered == HttpStatusCode.InternalServerError);
        foreach (var call in received)
        {
            Verify(call);
            using var body = JsonDocument.Parse(call.Body);
            Assert.Equal("1", body.RootElement.GetProperty("version").GetString());
            Assert.Equal(call.Headers["X-Monitor-Delivery"], body.RootElement.GetProperty("idempotencyKey").GetString());
            Assert.Equal(call.Headers["X-Monitor-Event"], body.RootElement.GetProperty("event").GetString());
            Assert.Equal(alert.Id, body.RootElement.GetProperty("alert").GetProperty("id").GetString());
        }
        // A retry is the same delivery: same key, same body; distinct transitions have distinct keys.
        foreach (var repeats in received.GroupBy(c => c.Headers["X-Monitor-Delivery"]))
        {
            Assert.Single(repeats.Select(c => c.Body).Distinct());
            Assert.Single(repeats.Select(Event).Distinct());
        }
        Assert.Equal(3, received.Where(c => c.Answered == HttpStatusCode.OK).Select(c => c.Headers["X-Monitor-Delivery"]).Distinct().Count());
        var acknowledged = received.First(c => Event(c) == "acknowledged");
        using (var body = JsonDocument.Parse(acknowledged.Body))
        {
            Assert.Equal("on it", body.RootElement.GetProperty("comment").GetString());
            Assert.Equal("admin", body.RootElement.GetProperty("actor").GetString());
        }
    }

    private IReadOnlyList<ReceivedRequest> Of(string job) =>
        [.. rig.Webhook.Received.Where(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alert").GetProperty("labels").GetProperty("job").GetString() == job)];

    private static string Event(ReceivedRequest call) => JsonDocument.Parse(call.Body).RootElement.GetProperty("event").GetString()!;

    // What a receiver does: Standard Webhooks' verification of id, time and body with the shared secret.
    private static void Verify(ReceivedRequest call)
    {
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var (name, value) in call.Headers)
        {
            headers[name] = value;
        }
        new StandardWebhooks.StandardWebhook(Encoding.UTF8.GetBytes(NotificationRig.Secret)).Verify(call.Body, headers);
        Assert.Equal(call.Headers["X-Monitor-Delivery"], call.Headers["webhook-id"]);
    }
}
