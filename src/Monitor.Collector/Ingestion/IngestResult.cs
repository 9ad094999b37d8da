namespace Monitor.Collector.Ingestion;

/// <summary>
/// What became of an export request: accepted, perhaps with some items rejected (OTLP
/// partial success), or refused whole because the monitor is overloaded (retryable).
/// </summary>
internal readonly record struct IngestResult(bool Overloaded, long Rejected, string? ErrorMessage)
{
    public static IngestResult Overload { get; } = new(true, 0, "the monitor is overloaded; retry later");

    public static IngestResult Accepted(long rejected, string? errorMessage) => new(false, rejected, rejected > 0 ? errorMessage : null);
}
