using Microsoft.Extensions.Logging;

namespace Monitor.Collector.Telemetry;

/// <summary>The collector's log messages, with stable event ids (1000-1099). No telemetry payload is logged.</summary>
internal sealed partial class CollectorLog(ILogger<CollectorLog> logger)
{
    private int _cardinalityLogged;

    /// <summary>Logs the first refusal only: past the cap, every new series would log otherwise.</summary>
    public void CardinalityCapReached(string family, int maxSeries)
    {
        if (Interlocked.Exchange(ref _cardinalityLogged, 1) == 0)
        {
            LogCardinalityCapReached(logger, maxSeries, family);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Cardinality cap of {MaxSeries} series reached (first refused series in {Family}); new series are dropped and counted in monitor_otlp_rejected_total{{reason=\"cardinality\"}}. Raise Collector:MaxSeries or remove the unbounded attribute.")]
    private static partial void LogCardinalityCapReached(ILogger logger, int maxSeries, string family);

    // Debug: a refusal is the sender's mistake or the monitor shedding load, answered and counted in
    // monitor_otlp_rejected_total{reason}; at a higher level any client could flood the log.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "OTLP {Transport} request refused: {Reason}")]
    public partial void RequestRefused(string transport, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Adding a batch of pipeline spans to the windows failed; alerting still gets the batch")]
    public partial void AggregationFailed(Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Publishing pipeline snapshots failed")]
    public partial void SnapshotFailed(Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "A span subscriber fell behind; {Dropped} batches dropped so far")]
    public partial void SpanSubscriberBehind(long dropped);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Expired {Count} series not updated within {Ttl}")]
    public partial void SeriesExpired(int count, TimeSpan ttl);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "OTLP {Transport} request ended by the client before its body had arrived")]
    public partial void RequestAbortedByClient(string transport);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "An OTLP/HTTP request failed inside the monitor; answered 500 without the details")]
    public partial void RequestFailed(Exception exception);
}
