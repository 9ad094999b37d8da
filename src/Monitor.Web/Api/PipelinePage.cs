namespace Monitor.Web.Api;

/// <summary>Page sizes of the per-pipeline arrays (GET /api/metrics, /api/status).</summary>
internal static class PipelinePage
{
    /// <summary>Every pipeline of a default Collector:MaxPipelines fits in two pages.</summary>
    public const int DefaultPageSize = 500;
    public const int MaxPageSize = 1_000;
}
