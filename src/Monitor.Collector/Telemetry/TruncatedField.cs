namespace Monitor.Collector.Telemetry;

/// <summary>Values of the <c>field</c> label of monitor_otlp_truncated_total.</summary>
internal static class TruncatedField
{
    public const string ServiceName = "service.name";
    public const string ServiceInstance = "service.instance.id";
    public const string ModuleId = "pipeline.module.id";
    public const string RunId = "pipeline.run.id";
    public const string ResourceId = "pipeline.resource.id";
    public const string ResourceType = "pipeline.resource.type";
    public const string Model = "gen_ai.request.model";
    public const string LabelValue = "label_value";
    public const string LabelName = "label_name";
    public const string Labels = "labels";
    public const string ResourceTypes = "resource_types";
    public const string Models = "models";
    public const string InstancesPerPipeline = "instances";
}
