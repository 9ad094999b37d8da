using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Resource;

namespace Monitor.Collector.Wire;

/// <summary>
/// The Prometheus <c>job</c> and <c>instance</c> of a resource, per the OpenTelemetry
/// compatibility rules: job is <c>service.namespace/service.name</c> (or just the name),
/// instance is <c>service.instance.id</c>.
/// </summary>
internal readonly record struct ResourceIdentity(string Job, string Instance)
{
    /// <summary>The SDKs' own default when a service sets no name.</summary>
    public const string UnknownService = "unknown_service";

    /// <summary>The identity of <paramref name="resource"/>, each part cut to <paramref name="max"/> characters.</summary>
    public static ResourceIdentity From(Resource? resource, int max, out bool jobCut, out bool instanceCut)
    {
        if (resource is null)
        {
            (jobCut, instanceCut) = (false, false);
            return new(UnknownService, string.Empty);
        }
        var name = OtlpAttributes.GetString(resource.Attributes, PipelineAttributes.ServiceName);
        var ns = OtlpAttributes.GetString(resource.Attributes, PipelineAttributes.ServiceNamespace);
        var job = string.IsNullOrEmpty(name) ? UnknownService : name;
        if (!string.IsNullOrEmpty(ns))
        {
            job = ns + "/" + job;
        }
        var instance = OtlpAttributes.GetString(resource.Attributes, PipelineAttributes.ServiceInstanceId) ?? string.Empty;
        return new(BoundedText.Cut(job, max, out jobCut), BoundedText.Cut(instance, max, out instanceCut));
    }
}
