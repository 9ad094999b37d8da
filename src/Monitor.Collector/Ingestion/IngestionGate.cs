using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// Bounds the requests decoded at once (<c>Otlp:MaxConcurrentRequests</c>), so that memory
/// stays bounded whatever the number of exporters: past it a request is refused before its
/// body is read, and the exporter retries after the advertised delay.
/// </summary>
internal sealed class IngestionGate(IOptions<OtlpOptions> options)
{
    private readonly int _limit = options.Value.MaxConcurrentRequests;
    private int _inFlight;

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
