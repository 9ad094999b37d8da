namespace Monitor.Collector.Configuration;

/// <summary>OTLP receiver settings, bound from the <c>Otlp</c> configuration section.</summary>
public sealed class OtlpOptions
{
    public const string SectionName = "Otlp";

    /// <summary>
    /// Largest request accepted, counted after decompression so that a gzip bomb is refused
    /// before it is inflated. 4 MiB matches the gRPC default receive limit that OTLP exporters
    /// are built around.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// When set, every OTLP request must carry it in <see cref="ApiKeyHeader"/>. Required when an
    /// OTLP port listens beyond loopback, unless <see cref="AllowAnonymous"/>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>OTLP ports beyond loopback without an API key: for a network where anyone may send, by the operator's decision.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Header that carries the API key (set on exporters with OTEL_EXPORTER_OTLP_HEADERS).</summary>
    public string ApiKeyHeader { get; set; } = "x-api-key";

    /// <summary>
    /// Requests decoded at the same time. Each holds up to MaxRequestBytes plus its decoded
    /// messages, so this bounds ingestion memory (64 x 4 MiB wire bytes) whatever the load.
    /// Past it the receivers answer 503 / UNAVAILABLE with a retry delay. A slot is taken once the
    /// body has arrived, so clients that send slowly cannot hold the slots of those that do not.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>
    /// How long an OTLP/HTTP body may take to arrive, from the end of its headers. Past it the
    /// request is answered 408 and the connection closed, counted as
    /// <c>monitor_otlp_rejected_total{reason="slow_body"}</c>. 10 s: OTLP exporters give a whole
    /// export 10 s by default (OTEL_EXPORTER_OTLP_TIMEOUT), so an export still uploading then has
    /// already failed for its sender; Kestrel's own floor (240 B/s) lets a 4 MiB body take hours.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest standing wait for a thread-pool thread at which OTLP requests are still accepted:
    /// when every probe of the last half second waited longer, the monitor is short of CPU and
    /// refuses them (503 / UNAVAILABLE with a retry delay) until the wait falls. 100 ms: the alert
    /// path's goal is 150 ms from span to browser, and a healthy monitor under its full sustainable
    /// load measures single milliseconds. Bursts (a broadcast, a GC pause) do not count. Zero turns it off.
    /// </summary>
    public TimeSpan MaxSchedulingDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Connections accepted and HTTP/2 requests (OTLP/gRPC exports) waiting in Kestrel for a thread,
    /// past which OTLP requests are refused (503 / UNAVAILABLE with a retry delay): the wait before
    /// any handler, which the scheduling delay does not see. A healthy monitor has none waiting there
    /// for more than an instant; 100 lets a reconnecting fleet's burst through. Zero turns it off.
    /// </summary>
    public int MaxQueuedConnections { get; set; } = 100;

    /// <summary>
    /// Share of the memory the runtime may use (the container's limit, or the machine's memory) that
    /// the GC heap may fill before OTLP requests are refused (503 / UNAVAILABLE with a retry delay), in
    /// the spirit of the OpenTelemetry Collector's memory_limiter: past it the monitor also asks the
    /// GC to collect (at most once a second) and accepts again once the heap is back under. 80: room
    /// for the rest of the process (stacks, native buffers, the UI's clients). Zero turns it off.
    /// </summary>
    public int MemoryLimitPercent { get; set; } = 80;

    /// <summary>The same limit in bytes of GC heap, for hosts whose available memory is not their budget; set, it replaces <see cref="MemoryLimitPercent"/>.</summary>
    public long MemoryLimitBytes { get; set; }

    /// <summary>Delay that overloaded answers ask clients to wait (Retry-After, RetryInfo).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
