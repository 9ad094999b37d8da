using Google.Protobuf.Collections;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The labels of a pass-through series, built from OTLP attributes within bounds: every name and
/// value cut to <c>Collector:MaxAttributeValueLength</c>, at most <see cref="MaxLabels"/> labels,
/// at most <see cref="MaxLabelBytes"/> of them encoded. Each line of /metrics repeats its
/// labels, so these bounds and the line budget bound the size of a scrape.
/// </summary>
internal sealed class MetricLabels(int maxLength, CollectorMeter meter)
{
    /// <summary>The OpenTelemetry SDKs keep 128 attributes by default; a label set of 64 is already unusual in Prometheus.</summary>
    public const int MaxLabels = 64;

    /// <summary>Encoded label block per series: a line of /metrics stays a few KiB whatever is sent.</summary>
    public const int MaxLabelBytes = 4096;

    /// <summary>The labels, or null (with the reason) when they are too long even after cutting.</summary>
    public LabelSet? For(ResourceIdentity identity, string scopeName, string scopeVersion, RepeatedField<KeyValue> attributes, out string? error)
    {
        error = null;
        var labels = new List<KeyValuePair<string, string>>(Math.Min(attributes.Count, MaxLabels) + 4);
        Identity(labels, identity);
        if (scopeName.Length > 0)
        {
            labels.Add(new("otel_scope_name", Cut(scopeName, TruncatedField.LabelValue)));
        }
        if (scopeVersion.Length > 0)
        {
            labels.Add(new("otel_scope_version", Cut(scopeVersion, TruncatedField.LabelValue)));
        }
        Add(labels, attributes, skipIdentity: false);
        var set = new LabelSet(labels);
        if (set.EncodedLength > MaxLabelBytes)
        {
            error = $"its labels take {set.EncodedLength} bytes, more than {MaxLabelBytes}";
            return null;
        }
        return set;
    }

    /// <summary>target_info: the resource's attributes but its identity, under job and instance.</summary>
    public LabelSet? TargetInfo(ResourceIdentity identity, RepeatedField<KeyValue> attributes)
    {
        var labels = new List<KeyValuePair<string, string>>(Math.Min(attributes.Count, MaxLabels) + 2);
        Identity(labels, identity);
        Add(labels, attributes, skipIdentity: true);
        var set = new LabelSet(labels);
        return set.EncodedLength > MaxLabelBytes ? null : set;
    }

    private void Add(List<KeyValuePair<string, string>> labels, RepeatedField<KeyValue> attributes, bool skipIdentity)
    {
        var dropped = 0;
        foreach (var attribute in attributes)
        {
            if (skipIdentity && attribute.Key is Pipeline.PipelineAttributes.ServiceName or Pipeline.PipelineAttributes.ServiceNamespace
                or Pipeline.PipelineAttributes.ServiceInstanceId)
            {
                continue;
            }
            if (labels.Count >= MaxLabels || attribute.Key.Length > maxLength)
            {
                dropped++;
                continue;
            }
            labels.Add(new(SafeLabelName(attribute.Key), Cut(OtlpAttributes.ToText(attribute.Value), TruncatedField.LabelValue)));
        }
        meter.Truncated(TruncatedField.Labels, dropped);
    }

    private static void Identity(List<KeyValuePair<string, string>> labels, ResourceIdentity identity)
    {
        labels.Add(new("job", identity.Job));
        if (identity.Instance.Length > 0)
        {
            labels.Add(new("instance", identity.Instance));
        }
    }

    private string Cut(string value, string field)
    {
        var cut = BoundedText.Cut(value, maxLength, out var truncated);
        if (truncated)
        {
            meter.Truncated(field);
        }
        return cut;
    }

    /// <summary>Attributes may not override the labels the monitor sets; they keep their value as exported_*.</summary>
    private static string SafeLabelName(string key)
    {
        var name = PrometheusNames.LabelName(key);
        return name is "job" or "instance" or "otel_scope_name" or "otel_scope_version" or "le" or "quantile"
            ? "exported_" + name
            : name;
    }
}
