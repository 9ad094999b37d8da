namespace Monitor.Collector.Telemetry;

/// <summary>Values of the <c>reason</c> label of monitor_otlp_rejected_total.</summary>
internal static class RejectReason
{
    public const string InvalidSpan = "invalid_span";
    public const string InvalidDataPoint = "invalid_data_point";

    /// <summary>A histogram point the exposition could not show as a valid histogram: bucket counts not adding up to its count, bounds not strictly increasing and finite, counts past 2^63-1.</summary>
    public const string InconsistentHistogram = "inconsistent_histogram";
    public const string UnsupportedMetricType = "unsupported_metric_type";
    public const string TypeConflict = "type_conflict";
    public const string Cardinality = "cardinality";
    public const string Malformed = "malformed";
    public const string TooLarge = "too_large";
    public const string Overloaded = "overloaded";
    public const string MemoryLimited = "memory_limited";
    public const string Unauthenticated = "unauthenticated";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Pipelines = "pipelines";
    public const string TooLong = "too_long";
    public const string Internal = "internal";
    public const string UnsupportedSignal = "unsupported_signal";

    /// <summary>The client went away before its body had arrived: its doing, not the monitor's.</summary>
    public const string ClientAborted = "client_aborted";

    /// <summary>The body did not arrive within Otlp:RequestBodyTimeout (or under Kestrel's minimum data rate).</summary>
    public const string SlowBody = "slow_body";
}
