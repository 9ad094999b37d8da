using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Monitor.LoadTests;

/// <summary>
/// A connection to /hubs/monitoring that speaks SignalR's JSON hub protocol over a bare WebSocket,
/// as the console does (no negotiate, handshake, records ended by 0x1E), and does no more with a
/// message than the fan-out measures: it finds each changed alert's job in alerts_update and counts
/// every event by name. Thousands of .NET HubConnections in one process cost their core more per message
/// than the monitor does (both cores were near full in session 23's runs), so with them the fan-out
/// figure measured the clients; a browser's console has a core of its own.
/// </summary>
internal sealed class LeanHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket socket = new();
    private readonly Action<string> onAlertJob;
    private readonly HubEventCounts counts;
    private readonly TaskCompletionSource handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? invocation;
    private byte[] buffer = new byte[16 * 1024];
    private int filled;
    private bool handshakeDone;
    private Task receiving = Task.CompletedTask;

    private LeanHubClient(Action<string> onAlertJob, HubEventCounts counts)
    {
        this.onAlertJob = onAlertJob;
        this.counts = counts;
    }

    /// <summary>Connects, completes the handshake and starts reading.</summary>
    public static async Task<LeanHubClient> ConnectAsync(Uri web, Action<string> onAlertJob, HubEventCounts counts, CancellationToken cancellationToken)
    {
        var client = new LeanHubClient(onAlertJob, counts);
        await client.socket.ConnectAsync(new Uri($"ws://{web.Authority}/hubs/monitoring"), cancellationToken);
        await client.socket.SendAsync(Handshake, WebSocketMessageType.Text, true, cancellationToken);
        client.receiving = client.ReceiveAsync();
        await client.handshake.Task.WaitAsync(cancellationToken);
        return client;
    }

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>Invokes a hub method with no argument or one string and waits for its completion (one invocation at a time).</summary>
    public async Task InvokeAsync(string target, string? argument, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        invocation = done;
        var arguments = argument is null ? "" : JsonSerializer.Serialize(argument);
        var record = $"{{\"type\":1,\"invocationId\":\"1\",\"target\":{JsonSerializer.Serialize(target)},\"arguments\":[{arguments}]}}\u001e";
        await socket.SendAsync(Encoding.UTF8.GetBytes(record), WebSocketMessageType.Text, true, cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A ping, as a client sends so the hub does not time it out (its 30 s without a message).</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        socket.SendAsync(Ping, WebSocketMessageType.Text, true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone: nothing to close.
        }
        await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                filled += result.Count;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(buffer, RecordSeparator, start, filled - start)) >= 0)
                {
                    Handle(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (WebSocketException exception)
        {
            handshake.TrySetException(exception);
        }
    }

    private void Handle(ReadOnlySpan<byte> record)
    {
        if (!handshakeDone)
        {
            handshakeDone = true;
            if (record.IndexOf("\"error\""u8) >= 0)
            {
                handshake.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record)));
                return;
            }
            handshake.TrySetResult();
            return;
        }
        var reader = new Utf8JsonReader(record);
        reader.Read();
        var alerts = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                switch (reader.GetInt32())
                {
                    case 3:
                        invocation?.TrySetResult();
                        return;
                    case 1:
                        break;
                    default:
                        return; // pings, close
                }
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                alerts = reader.ValueTextEquals("alerts_update"u8);
                counts.Count(ref reader);
                if (!alerts)
                {
                    return;
                }
            }
            else if (reader.ValueTextEquals("arguments"u8) && alerts)
            {
                // SignalR's writer puts target before arguments: the event is known here.
                ReadAlertJobs(ref reader);
                return;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Every <c>labels.job</c> in the arguments (an array of alerts).</summary>
    private void ReadAlertJobs(ref Utf8JsonReader reader)
    {
        reader.Read();
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("labels"u8))
            {
                continue;
            }
            reader.Read();
            var labels = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > labels)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("job"u8))
                {
                    reader.Read();
                    onAlertJob(reader.GetString()!);
                }
            }
        }
    }
}
