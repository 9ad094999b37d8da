using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.IntegrationTests.Cluster;

/// <summary>A hub client of one replica: the newest version it was told of each alert, and when that arrived.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (JsonElement Alert, long ArrivedAt)> _alerts = new(StringComparer.Ordinal);
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClusterClient(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>("alerts_update", OnAlerts);
        foreach (var other in new[] { "metrics_update", "status_update", "fleet_update", "health_check_complete" })
        {
            connection.On<JsonElement>(other, static _ => { });
        }
    }

    /// <summary>The alerts this client was told of, the newest version of each.</summary>
    public IReadOnlyDictionary<string, JsonElement> Alerts
    {
        get
        {
            lock (_lock)
            {
                return _alerts.ToDictionary(a => a.Key, a => a.Value.Alert, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Waits until the client holds a version of alert <paramref name="id"/> matching <paramref name="matches"/>;
    /// returns the <see cref="Stopwatch"/> timestamp at which that version arrived.
    /// </summary>
    public async Task<long> WaitForAsync(string id, Func<JsonElement, bool> matches, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_alerts.TryGetValue(id, out var known) && matches(known.Alert))
                {
                    return known.ArrivedAt;
                }
                next = _next.Task;
            }
            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    var text = _alerts.TryGetValue(id, out var known) ? known.Alert.GetRawText() : "nothing of it";
                    throw new TimeoutException($"alert {id} did not reach the client as expected within {within.TotalMilliseconds} ms; it knows {text}");
                }
            }
        }
    }

    public Task<long> WaitForStatusAsync(string id, string status, TimeSpan within) =>
        WaitForAsync(id, a => a.GetProperty("status").GetString() == status, within);

    private void OnAlerts(JsonElement payload)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            foreach (var alert in payload.EnumerateArray())
            {
                var id = alert.GetProperty("id").GetString()!;
                if (!_alerts.TryGetValue(id, out var known) || known.Alert.GetProperty("version").GetInt64() < alert.GetProperty("version").GetInt64())
                {
                    _alerts[id] = (alert.Clone(), now);
                }
            }
            var reached = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            reached.SetResult();
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
