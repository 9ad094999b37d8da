using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Monitor.TestSupport;

/// <summary>
/// An HTTP receiver on a loopback port (HttpListener): records every request (headers and body, in
/// order) and answers with the next status of <see cref="Answers"/> (200 once they run out).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePorts.Take(1)[0];
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    /// <summary>Statuses to answer with, in order.</summary>
    public ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "",
                StringComparer.OrdinalIgnoreCase);
            var status = Answers.TryDequeue(out var next) ? next : HttpStatusCode.OK;
            Received.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", headers, body, status, DateTimeOffset.UtcNow));
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> got, and the status it answered.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, HttpStatusCode Answered,
    DateTimeOffset At);
