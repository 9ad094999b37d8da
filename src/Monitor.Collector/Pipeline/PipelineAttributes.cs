namespace Monitor.Collector.Pipeline;

/// <summary>Attribute keys of the pipeline semantic conventions (docs/architecture.md) and the OpenTelemetry ones we read.</summary>
internal static class PipelineAttributes
{
    public const string Stage = "pipeline.stage";
    public const string ModuleId = "pipeline.module.id";
    public const string ResourceId = "pipeline.resource.id";
    public const string ResourceType = "pipeline.resource.type";
    public const string QualityScore = "pipeline.quality.score";
    public const string ErrorType = "error.type";
    public const string RunId = "pipeline.run.id";

    /// <summary>The name of a run's root span, whose children are the stage spans (docs/instrumenting.md).</summary>
    public const string RunRootSpanName = "pipeline run";
    public const string GenAiModel = "gen_ai.request.model";
    public const string GenAiInputTokens = "gen_ai.usage.input_tokens";
    public const string GenAiOutputTokens = "gen_ai.usage.output_tokens";
    public const string ServiceName = "service.name";
    public const string ServiceNamespace = "service.namespace";
    public const string ServiceInstanceId = "service.instance.id";

    /// <summary>Metrics the pipeline reports itself; they become the {job} gauges, not pass-through series.</summary>
    public const string ModulesActiveMetric = "pipeline.modules.active";
    public const string ModulesQueuedMetric = "pipeline.modules.queued";
    public const string ResourcesInProgressMetric = "pipeline.resources.in_progress";
}
