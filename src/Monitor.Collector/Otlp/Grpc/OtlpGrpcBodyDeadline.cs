using Microsoft.AspNetCore.Http;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>
/// Otlp:RequestBodyTimeout for OTLP/gRPC: Grpc.AspNetCore reads a unary call's whole message before
/// any of the monitor's code runs, and has no deadline of its own for that read (a client's
/// <c>grpc-timeout</c> is the client's choice). Started when the request arrives; the first
/// interceptor marks the message arrived; if the time passes first, the stream is reset (the
/// exporter sees UNAVAILABLE and retries later) and the call is counted as <c>slow_body</c>.
/// </summary>
internal sealed class OtlpGrpcBodyDeadline : IDisposable
{
    private const int Waiting = 0;
    private const int Arrived = 1;
    private const int Expired = 2;

    private readonly HttpContext _context;
    private readonly CollectorMeter _meter;
    private readonly CollectorLog _log;
    private readonly ITimer _timer;
    private int _state;

    public OtlpGrpcBodyDeadline(HttpContext context, TimeSpan timeout, TimeProvider time, CollectorMeter meter, CollectorLog log)
    {
        _context = context;
        _meter = meter;
        _log = log;
        _timer = time.CreateTimer(static state => ((OtlpGrpcBodyDeadline)state!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The message has arrived whole: the deadline no longer applies.</summary>
    public void MessageArrived()
    {
        if (Interlocked.CompareExchange(ref _state, Arrived, Waiting) == Waiting)
        {
            _timer.Dispose();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Waiting) == Waiting)
        {
            _meter.Rejected(RejectReason.SlowBody);
            _log.RequestRefused("gRPC", "the message did not arrive within Otlp:RequestBodyTimeout; stream reset");
            _context.Abort();
        }
    }
}
