namespace Monitor.Web.Api;

/// <summary>One page of pipelines' histories: at most <see cref="MaxPageSize"/> pipelines of 900 points each.</summary>
internal sealed record HistoryPage(IReadOnlyList<PipelineHistory> Items, int Total, int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}
