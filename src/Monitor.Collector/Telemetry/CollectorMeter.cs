using System.Diagnostics.Metrics;

namespace Monitor.Collector.Telemetry;

/// <summary>
/// The collector's own instruments (DESIGN: "the monitor's own"), exported through the
/// OpenTelemetry SDK: monitor_otlp_received_spans_total, monitor_otlp_received_data_points_total,
/// monitor_otlp_rejected_total{reason}, monitor_otlp_truncated_total{field}, monitor_series and
/// monitor_scheduling_delay_seconds.
/// </summary>
internal sealed class CollectorMeter
{
    public const string MeterName = "PipelineMonitor.Collector";

    private readonly Counter<long> _receivedSpans;
    private readonly Counter<long> _receivedDataPoints;
    private readonly Counter<long> _receivedLogRecords;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _truncated;
    private readonly Counter<long> _runsUntracked;

    public CollectorMeter(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _receivedSpans = meter.CreateCounter<long>("monitor.otlp.received_spans", "{span}", "Spans received over OTLP, valid or not.");
        _receivedDataPoints = meter.CreateCounter<long>("monitor.otlp.received_data_points", "{data_point}", "Metric data points received over OTLP, valid or not.");
        _receivedLogRecords = meter.CreateCounter<long>("monitor.otlp.received_log_records", "{log_record}", "Log records received over OTLP (not kept).");
        _rejected = meter.CreateCounter<long>("monitor.otlp.rejected", "{item}", "Spans, data points or requests the receivers refused, by reason.");
        _truncated = meter.CreateCounter<long>("monitor.otlp.truncated", "{value}",
            "Telemetry values cut to Collector:MaxAttributeValueLength or folded into _other past a per-pipeline cap, by field.");
        _runsUntracked = meter.CreateCounter<long>("monitor.runs.untracked", "{span}",
            "Spans of runs not followed because a cap was reached (Runs:MaxActiveRunsPerPipeline, Collector:MaxPipelines, traces kept per pipeline), by cap.");
        Meter = meter;
    }

    /// <summary>A span whose run was not followed: <paramref name="cap"/> is runs_per_pipeline, pipelines or traces.</summary>
    public void RunUntracked(string cap) => _runsUntracked.Add(1, new KeyValuePair<string, object?>("cap", cap));

    public Meter Meter { get; }

    /// <summary>monitor_series: the series counted against Collector:MaxSeries.</summary>
    public void ObserveSeries(Func<int> count) =>
        Meter.CreateObservableGauge("monitor.series", count, "{series}", "Series on /metrics that count against Collector:MaxSeries.");

    /// <summary>monitor_scheduling_delay_seconds: how long work waits for a thread-pool thread (Otlp:MaxSchedulingDelay).</summary>
    public void ObserveSchedulingDelay(Func<double> seconds) =>
        Meter.CreateObservableGauge("monitor.scheduling_delay", seconds, "s", "How long work waits for a thread-pool thread; past Otlp:MaxSchedulingDelay OTLP requests are refused.");

    /// <summary>monitor_ingest_memory_limit_bytes and monitor_ingest_memory_limited (1 while OTLP requests are refused for memory).</summary>
    public void ObserveMemoryLimit(long limitBytes, Func<int> limited)
    {
        Meter.CreateObservableGauge("monitor.ingest.memory_limit", () => limitBytes, "By", "GC heap past which OTLP requests are refused (Otlp:MemoryLimitPercent or Otlp:MemoryLimitBytes); 0: no limit.");
        Meter.CreateObservableGauge("monitor.ingest.memory_limited", limited, "{state}", "1 while OTLP requests are refused because the GC heap is past the memory limit.");
    }

    public void SpansReceived(long count) => _receivedSpans.Add(count);

    public void DataPointsReceived(long count) => _receivedDataPoints.Add(count);

    public void LogRecordsReceived(long count) => _receivedLogRecords.Add(count);

    public void Truncated(string field, long count = 1)
    {
        if (count > 0)
        {
            _truncated.Add(count, new KeyValuePair<string, object?>("field", field));
        }
    }

    public void Rejected(string reason, long count = 1)
    {
        if (count > 0)
        {
            _rejected.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
