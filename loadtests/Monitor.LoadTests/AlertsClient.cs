using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.LoadTests;

/// <summary>
/// A SignalR client of /hubs/monitoring that reports the job of each alert in alerts_update. It
/// handles every event the hub sends, as the UI does: an event without a handler costs the .NET
/// client an exception per message, which with thousands of clients in one process would measure
/// the client rather than the monitor. Payloads it does not time are skipped unread.
/// </summary>
internal static class AlertsClient
{
    private static readonly string[] OtherEvents = ["metrics_update", "status_update", "fleet_update", "health_check_complete"];

    /// <summary>A connection (WebSockets) calling <paramref name="onAlertJob"/> with each changed alert's job, not yet started.</summary>
    public static HubConnection Create(MonitorProcess monitor, Action<string> onAlertJob)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(monitor.Web, "/hubs/monitoring"), o =>
            {
                // As the console connects: no negotiate request, whose kept-alive HTTP connection
                // would double the sockets of every client (10,000 clients ran out of descriptors).
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        connection.On<AlertJob[]>("alerts_update", alerts =>
        {
            foreach (var alert in alerts)
            {
                onAlertJob(alert.Labels["job"]);
            }
        });
        foreach (var @event in OtherEvents)
        {
            connection.On<Unread>(@event, static _ => { });
        }
        return connection;
    }

    /// <summary>The one field of a PerformanceAlert the runner needs; the rest is skipped while reading.</summary>
    private sealed record AlertJob(Dictionary<string, string> Labels);

    /// <summary>A payload skipped without building anything.</summary>
    [JsonConverter(typeof(UnreadConverter))]
    private sealed class Unread;

    private sealed class UnreadConverter : JsonConverter<Unread>
    {
        public override Unread? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, Unread value, JsonSerializerOptions options) => writer.WriteNullValue();
    }
}
