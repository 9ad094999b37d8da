using Google.Protobuf.Collections;
using Monitor.Collector.Otlp;
using Monitor.Collector.Otlp.Protocol.Collector.Metrics;
using Monitor.Collector.Otlp.Protocol.Common;
using Monitor.Collector.Otlp.Protocol.Metrics;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The transport-independent metrics path. The pipeline's reported gauges feed the {job}
/// gauges; every other metric passes through to /metrics by the OpenTelemetry-to-Prometheus
/// compatibility rules (names, units, _total, delta to cumulative, job/instance, target_info).
/// </summary>
internal sealed class MetricsIngestor(MetricRegistry registry, PipelineSeries pipelineSeries, PerformanceTracker tracker,
    CollectorMeter meter)
{
    private const string TargetInfo = "target_info";

    public IngestResult Ingest(ExportMetricsServiceRequest request)
    {
        var outcome = new Outcome();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var identity = ResourceIdentity.From(resourceMetrics.Resource);
            tracker.MarkActive(identity.Job);
            if (resourceMetrics.Resource is { } resource)
            {
                WriteTargetInfo(identity, resource.Attributes);
            }
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = new ScopeLabels(scopeMetrics.Scope?.Name ?? string.Empty, scopeMetrics.Scope?.Version ?? string.Empty);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    Ingest(metric, identity, scope, ref outcome);
                }
            }
        }
        meter.DataPointsReceived(outcome.Received);
        var message = outcome.Rejected == 0 ? null : $"{outcome.Rejected} of {outcome.Received} data points rejected; first: {outcome.FirstError}";
        return IngestResult.Accepted(outcome.Rejected, message);
    }

    private void Ingest(Metric metric, ResourceIdentity identity, ScopeLabels scope, ref Outcome outcome)
    {
        if (pipelineSeries.ReportedGaugeFor(metric.Name) is { } reported)
        {
            IngestReported(metric, identity, reported, ref outcome);
            return;
        }
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                IngestNumbers(metric, metric.Gauge.DataPoints, counter: false, delta: false, identity, scope, ref outcome);
                break;
            case Metric.DataOneofCase.Sum:
                var sum = metric.Sum;
                var delta = sum.AggregationTemporality == AggregationTemporality.Delta;
                IngestNumbers(metric, sum.DataPoints, counter: sum.IsMonotonic, delta, identity, scope, ref outcome);
                break;
            case Metric.DataOneofCase.Histogram:
                IngestHistograms(metric, identity, scope, ref outcome);
                break;
            case Metric.DataOneofCase.Summary:
                IngestSummaries(metric, identity, scope, ref outcome);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                // The text exposition has no native histograms (OpenTelemetry compatibility spec:
                // "exponential histograms ... MUST be dropped" where unsupported).
                var count = metric.ExponentialHistogram.DataPoints.Count;
                outcome.Received += count;
                outcome.Reject(count, $"metric '{metric.Name}': exponential histograms cannot be exposed in the Prometheus text format; use explicit bucket histograms");
                meter.Rejected(RejectReason.UnsupportedMetricType, count);
                break;
        }
    }

    private void IngestReported(Metric metric, ResourceIdentity identity, PipelineSeries.ReportedGauge gauge, ref Outcome outcome)
    {
        var (points, delta) = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => (metric.Gauge.DataPoints, false),
            Metric.DataOneofCase.Sum => (metric.Sum.DataPoints, metric.Sum.AggregationTemporality == AggregationTemporality.Delta),
            _ => (null, false),
        };
        if (points is null)
        {
            outcome.Received++;
            outcome.Reject(1, $"metric '{metric.Name}' must be a gauge or an up-down counter");
            meter.Rejected(RejectReason.InvalidDataPoint);
            return;
        }
        foreach (var point in points)
        {
            outcome.Received++;
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            if (!gauge.Update(identity.Job, identity.Instance, NumberValue(point), delta))
            {
                outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
            }
        }
    }

    private void IngestNumbers(Metric metric, RepeatedField<NumberDataPoint> points, bool counter, bool delta,
        ResourceIdentity identity, ScopeLabels scope, ref Outcome outcome)
    {
        var type = counter ? MetricType.Counter : MetricType.Gauge;
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter, gauge: !counter);
        var family = registry.GetOrAddFamily<LabelSet, ValueSeries>(name, type, Help(metric),
            static labels => new ValueSeries(PrometheusText.EncodeLabels(labels.Labels)));
        foreach (var point in points)
        {
            outcome.Received++;
            if (family is null)
            {
                RejectConflict(metric, name, type, ref outcome);
                continue;
            }
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            var value = NumberValue(point);
            if (counter && value < 0)
            {
                outcome.Reject(1, $"metric '{metric.Name}': a monotonic sum cannot be negative");
                meter.Rejected(RejectReason.InvalidDataPoint);
                continue;
            }
            var series = family.GetOrAdd(Labels(identity, scope, point.Attributes));
            if (series is null)
            {
                outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
                continue;
            }
            if (delta)
            {
                series.Add(value);
            }
            else
            {
                series.Set(value);
            }
        }
    }

    private void IngestHistograms(Metric metric, ResourceIdentity identity, ScopeLabels scope, ref Outcome outcome)
    {
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter: false, gauge: false);
        var family = registry.GetOrAddFamily<LabelSet, PointSeries>(name, MetricType.Histogram, Help(metric),
            static labels => new PointSeries(PrometheusText.EncodeLabels(labels.Labels), MetricType.Histogram));
        var delta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
        foreach (var point in metric.Histogram.DataPoints)
        {
            outcome.Received++;
            if (family is null)
            {
                RejectConflict(metric, name, MetricType.Histogram, ref outcome);
                continue;
            }
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
            {
                outcome.Reject(1, $"metric '{metric.Name}': bucket_counts must have one more entry than explicit_bounds");
                meter.Rejected(RejectReason.InvalidDataPoint);
                continue;
            }
            var series = family.GetOrAdd(Labels(identity, scope, point.Attributes));
            if (series is null)
            {
                outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
                continue;
            }
            // bucket_counts hold the last (+Inf) bucket too; the series writes +Inf from the count.
            var counts = point.BucketCounts.Count == 0 ? [] : point.BucketCounts.ToArray().AsSpan(0, point.ExplicitBounds.Count);
            series.UpdateHistogram(point.ExplicitBounds.ToArray(), counts, point.HasSum ? point.Sum : 0, point.Count, delta);
        }
    }

    private void IngestSummaries(Metric metric, ResourceIdentity identity, ScopeLabels scope, ref Outcome outcome)
    {
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter: false, gauge: false);
        var family = registry.GetOrAddFamily<LabelSet, PointSeries>(name, MetricType.Summary, Help(metric),
            static labels => new PointSeries(PrometheusText.EncodeLabels(labels.Labels), MetricType.Summary));
        foreach (var point in metric.Summary.DataPoints)
        {
            outcome.Received++;
            if (family is null)
            {
                RejectConflict(metric, name, MetricType.Summary, ref outcome);
                continue;
            }
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            var series = family.GetOrAdd(Labels(identity, scope, point.Attributes));
            if (series is null)
            {
                outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
                continue;
            }
            var quantiles = new double[point.QuantileValues.Count];
            var values = new double[point.QuantileValues.Count];
            for (var i = 0; i < quantiles.Length; i++)
            {
                quantiles[i] = point.QuantileValues[i].Quantile;
                values[i] = point.QuantileValues[i].Value;
            }
            series.UpdateSummary(quantiles, values, point.Sum, point.Count);
        }
    }

    private void RejectConflict(Metric metric, string name, MetricType type, ref Outcome outcome)
    {
        outcome.Reject(1, $"metric '{metric.Name}' maps to '{name}', which is exposed with another type or is reserved by the monitor; its {type.ToString().ToLowerInvariant()} points are rejected");
        meter.Rejected(RejectReason.TypeConflict);
    }

    private void WriteTargetInfo(ResourceIdentity identity, RepeatedField<KeyValue> attributes)
    {
        var labels = new List<KeyValuePair<string, string>>(attributes.Count + 2);
        AddIdentity(labels, identity);
        foreach (var attribute in attributes)
        {
            if (attribute.Key is PipelineAttributes.ServiceName or PipelineAttributes.ServiceNamespace or PipelineAttributes.ServiceInstanceId)
            {
                continue;
            }
            labels.Add(new(SafeLabelName(attribute.Key), OtlpAttributes.ToText(attribute.Value)));
        }
        registry.GetOrAddFamily<LabelSet, ValueSeries>(TargetInfo, MetricType.Gauge, "Target metadata",
            static labels => new ValueSeries(PrometheusText.EncodeLabels(labels.Labels)))
            ?.GetOrAdd(new LabelSet(labels))?.Set(1);
    }

    private static LabelSet Labels(ResourceIdentity identity, ScopeLabels scope, RepeatedField<KeyValue> attributes)
    {
        var labels = new List<KeyValuePair<string, string>>(attributes.Count + 4);
        AddIdentity(labels, identity);
        if (scope.Name.Length > 0)
        {
            labels.Add(new("otel_scope_name", scope.Name));
        }
        if (scope.Version.Length > 0)
        {
            labels.Add(new("otel_scope_version", scope.Version));
        }
        foreach (var attribute in attributes)
        {
            labels.Add(new(SafeLabelName(attribute.Key), OtlpAttributes.ToText(attribute.Value)));
        }
        return new LabelSet(labels);
    }

    private static void AddIdentity(List<KeyValuePair<string, string>> labels, ResourceIdentity identity)
    {
        labels.Add(new("job", identity.Job));
        if (identity.Instance.Length > 0)
        {
            labels.Add(new("instance", identity.Instance));
        }
    }

    /// <summary>Attributes may not override the labels the monitor sets; they keep their value as exported_*.</summary>
    private static string SafeLabelName(string key)
    {
        var name = PrometheusNames.LabelName(key);
        return name is "job" or "instance" or "otel_scope_name" or "otel_scope_version" or "le" or "quantile"
            ? "exported_" + name
            : name;
    }

    /// <summary>The OTLP description, or the OTLP name and unit when there is none (HELP is never empty).</summary>
    internal static string Help(Metric metric) => Help(metric.Description, metric.Name, metric.Unit);

    internal static string Help(string description, string name, string unit) =>
        description.Length > 0 ? description : unit.Length > 0 ? $"OTLP metric {name} ({unit})" : $"OTLP metric {name}";

    private static double NumberValue(NumberDataPoint point) =>
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static bool IsNoRecordedValue(uint flags) => (flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;

    private readonly record struct ScopeLabels(string Name, string Version);

    private struct Outcome
    {
        public long Received;
        public long Rejected;
        public string? FirstError;

        public void Reject(long count, string error)
        {
            Rejected += count;
            FirstError ??= error;
        }
    }
}
