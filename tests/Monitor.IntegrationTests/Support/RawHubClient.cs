using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Monitor.TestSupport;

/// <summary>
/// A SignalR client by hand (WebSocket, JSON protocol, no negotiation): sees each message as the
/// server wrote it, so a test can measure a payload or stop reading on purpose.
/// </summary>
internal sealed class RawHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _pending = new();

    private RawHubClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    /// <summary>Connects and sends the handshake; <paramref name="receiveBuffer"/> small makes a client that fills up quickly.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri web, string path = "/hubs/monitoring", int receiveBuffer = 64 * 1024, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetBuffer(receiveBuffer, 4096);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }
        var scheme = web.Scheme == "https" ? "wss" : "ws";
        await socket.ConnectAsync(new Uri($"{scheme}://{web.Authority}{path}"), TestContext.Current.CancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true,
            TestContext.Current.CancellationToken);
        return new RawHubClient(socket);
    }

    /// <summary>Reads until an invocation of <paramref name="target"/> arrives; returns its raw JSON text.</summary>
    public async Task<string> ReadInvocationAsync(string target, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                var message = text[..end];
                if (message.Length > 2 && IsInvocationOf(message, target))
                {
                    return message;
                }
                continue;
            }
            var received = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("the hub closed the connection");
            }
            _pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    private static bool IsInvocationOf(string message, string target)
    {
        using var json = JsonDocument.Parse(message);
        return json.RootElement.TryGetProperty("target", out var name) && name.GetString() == target;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
    }
}
