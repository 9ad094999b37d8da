using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// The transport-independent metrics path. The pipeline's reported gauges feed the {job}
/// gauges; every other metric passes through to /metrics by the OpenTelemetry-to-Prometheus
/// compatibility rules (names, units, _total, delta to cumulative, job/instance, target_info),
/// within the bounds of <see cref="MetricLabels"/> and the line budget.
/// </summary>
internal sealed class MetricsIngestor(MetricRegistry registry, PipelineSeries pipelineSeries, PerformanceTracker tracker,
    CollectorMeter meter, IOptions<CollectorOptions> options)
{
    private const string TargetInfo = "target_info";

    /// <summary>Longest OTLP metric name taken (Prometheus sets none; a name is not a place for data).</summary>
    public const int MaxMetricNameLength = 256;

    private readonly int _maxLength = options.Value.MaxAttributeValueLength;
    private readonly MetricLabels _labels = new(options.Value.MaxAttributeValueLength, meter);

    public IngestResult Ingest(ExportMetricsServiceRequest request)
    {
        var outcome = new Outcome();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var identity = ResourceIdentity.From(resourceMetrics.Resource, _maxLength, out var jobCut, out var instanceCut);
            meter.Truncated(TruncatedField.ServiceName, jobCut ? 1 : 0);
            meter.Truncated(TruncatedField.ServiceInstance, instanceCut ? 1 : 0);
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
        if (metric.Name.Length > MaxMetricNameLength)
        {
            var points = PointCount(metric);
            outcome.Received += points;
            outcome.Reject(points, $"a metric name is longer than {MaxMetricNameLength} characters", RejectReason.TooLong, meter);
            return;
        }
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
                var deltaHistogram = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
                IngestPoints(metric, MetricType.Histogram, metric.Histogram.DataPoints, identity, scope, ref outcome,
                    static p => (p.Attributes, p.Flags), (series, point) => UpdateHistogram(series, point, deltaHistogram));
                break;
            case Metric.DataOneofCase.Summary:
                IngestPoints(metric, MetricType.Summary, metric.Summary.DataPoints, identity, scope, ref outcome,
                    static p => (p.Attributes, p.Flags), UpdateSummary);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                // The text exposition has no native histograms (OpenTelemetry compatibility spec:
                // "exponential histograms ... MUST be dropped" where unsupported).
                var count = metric.ExponentialHistogram.DataPoints.Count;
                outcome.Received += count;
                outcome.Reject(count, $"metric '{metric.Name}': exponential histograms cannot be exposed in the Prometheus text format; use explicit bucket histograms",
                    RejectReason.UnsupportedMetricType, meter);
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
            outcome.Reject(1, $"metric '{metric.Name}' must be a gauge or an up-down counter", RejectReason.InvalidDataPoint, meter);
            return;
        }
        // A service that reports a pipeline gauge is a pipeline (admitted like one with a pipeline span).
        if (tracker.Admit(identity.Job) is null)
        {
            outcome.Received += points.Count;
            outcome.Reject(points.Count, $"pipeline '{identity.Job}' is over Collector:MaxPipelines ({options.Value.MaxPipelines})", RejectReason.Pipelines, meter);
            return;
        }
        tracker.MarkActive(identity.Job);
        foreach (var point in points)
        {
            outcome.Received++;
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            if (!gauge.Update(identity.Job, identity.Instance, NumberValue(point), delta))
            {
                outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached (instances of the pipeline or series)", RejectReason.Cardinality, meter);
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
                RejectFamily(metric, name, type, ref outcome);
                continue;
            }
            if (IsNoRecordedValue(point.Flags))
            {
                continue;
            }
            var value = NumberValue(point);
            if (counter && !(value >= 0))
            {
                outcome.Reject(1, $"metric '{metric.Name}': a monotonic sum must be a number of at least 0", RejectReason.InvalidDataPoint, meter);
                continue;
            }
            if (delta && double.IsNaN(value))
            {
                // Added to a running total, a NaN would be the total from then on.
                outcome.Reject(1, $"metric '{metric.Name}': a delta cannot be NaN", RejectReason.InvalidDataPoint, meter);
                continue;
            }
            if (Series(family, metric, identity, scope, point.Attributes, ref outcome) is not var (series, _))
            {
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

    /// <summary>Histograms and summaries: one point replaces (or, delta, adds to) its series' point, within the line budget.</summary>
    private void IngestPoints<TPoint>(Metric metric, MetricType type, RepeatedField<TPoint> points, ResourceIdentity identity, ScopeLabels scope,
        ref Outcome outcome, Func<TPoint, (RepeatedField<KeyValue> Attributes, uint Flags)> describe, Func<PointSeries, TPoint, (string Error, string? Reason)?> update)
    {
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter: false, gauge: false);
        var family = registry.GetOrAddFamily<LabelSet, PointSeries>(name, type, Help(metric),
            type == MetricType.Histogram
                ? static labels => new PointSeries(PrometheusText.EncodeLabels(labels.Labels), MetricType.Histogram)
                : static labels => new PointSeries(PrometheusText.EncodeLabels(labels.Labels), MetricType.Summary));
        foreach (var point in points)
        {
            outcome.Received++;
            if (family is null)
            {
                RejectFamily(metric, name, type, ref outcome);
                continue;
            }
            var (attributes, flags) = describe(point);
            if (IsNoRecordedValue(flags))
            {
                continue;
            }
            if (Series(family, metric, identity, scope, attributes, ref outcome) is not var (series, labels))
            {
                continue;
            }
            if (update(series, point) is var (error, reason))
            {
                outcome.Reject(1, $"metric '{metric.Name}': {error}", reason, meter);
                // A series made for this point and never given one would be written empty.
                if (!series.HasPoint)
                {
                    family.Remove(labels, series);
                }
            }
        }
    }

    private static (string, string?)? UpdateHistogram(PointSeries series, HistogramDataPoint point, bool delta)
    {
        if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
        {
            return ("bucket_counts must have one more entry than explicit_bounds", RejectReason.InvalidDataPoint);
        }
        if (HistogramPoints.Inconsistency(point) is { } inconsistency)
        {
            return (inconsistency, RejectReason.InconsistentHistogram);
        }
        // bucket_counts hold the last (+Inf) bucket too; the series writes +Inf from the count.
        var counts = point.BucketCounts.Count == 0 ? [] : point.BucketCounts.ToArray().AsSpan(0, point.ExplicitBounds.Count);
        return series.UpdateHistogram(point.ExplicitBounds.ToArray(), counts, point.HasSum ? point.Sum : 0, point.Count, delta) switch
        {
            PointUpdate.Stored => null,
            PointUpdate.CountOverflow => ($"the running total of this delta histogram would pass {long.MaxValue}, more than an exposition can hold", RejectReason.InconsistentHistogram),
            _ => CardinalityRejected(),
        };
    }

    private static (string, string?)? UpdateSummary(PointSeries series, SummaryDataPoint point)
    {
        var quantiles = new double[point.QuantileValues.Count];
        var values = new double[point.QuantileValues.Count];
        for (var i = 0; i < quantiles.Length; i++)
        {
            quantiles[i] = point.QuantileValues[i].Quantile;
            values[i] = point.QuantileValues[i].Value;
            // One line per quantile: a repeated one would be one series twice.
            if (quantiles[i] is not (>= 0 and <= 1) || (i > 0 && !(quantiles[i] > quantiles[i - 1])))
            {
                return ("quantiles must be strictly increasing and between 0 and 1", RejectReason.InvalidDataPoint);
            }
        }
        if (point.Count > long.MaxValue)
        {
            return ($"count {point.Count} is past {long.MaxValue}, more than an exposition can hold", RejectReason.InvalidDataPoint);
        }
        return series.UpdateSummary(quantiles, values, point.Sum, point.Count) ? null : CardinalityRejected();
    }

    // Counted and logged by the budget that refused it.
    private static (string, string?) CardinalityRejected() => ("cardinality cap reached (Collector:MaxSeries counts every bucket line)", null);

    private (TSeries Series, LabelSet Labels)? Series<TSeries>(MetricFamily<LabelSet, TSeries> family, Metric metric, ResourceIdentity identity,
        ScopeLabels scope, RepeatedField<KeyValue> attributes, ref Outcome outcome)
        where TSeries : Series
    {
        if (_labels.For(identity, scope.Name, scope.Version, attributes, out var error) is not { } labels)
        {
            outcome.Reject(1, $"metric '{metric.Name}': {error}", RejectReason.TooLong, meter);
            return null;
        }
        if (family.GetOrAdd(labels) is not { } series)
        {
            // Counted and logged by the budget.
            outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
            return null;
        }
        return (series, labels);
    }

    private void RejectFamily(Metric metric, string name, MetricType type, ref Outcome outcome)
    {
        if (!registry.Contains(name) && registry.CollidesWith(name, type) is { } other)
        {
            outcome.Reject(1, $"metric '{metric.Name}' maps to '{name}', whose samples would be those of '{other}' already exposed; its {type.ToString().ToLowerInvariant()} points are rejected",
                RejectReason.TypeConflict, meter);
            return;
        }
        if (!registry.Contains(name))
        {
            // Its header found no room in the budget: counted and logged by the budget.
            outcome.Reject(1, $"metric '{metric.Name}': cardinality cap reached");
            return;
        }
        outcome.Reject(1, $"metric '{metric.Name}' maps to '{name}', which is exposed with another type or is reserved by the monitor; its {type.ToString().ToLowerInvariant()} points are rejected",
            RejectReason.TypeConflict, meter);
    }

    private void WriteTargetInfo(ResourceIdentity identity, RepeatedField<KeyValue> attributes)
    {
        if (_labels.TargetInfo(identity, attributes) is not { } labels)
        {
            meter.Rejected(RejectReason.TooLong);
            return;
        }
        registry.GetOrAddFamily<LabelSet, ValueSeries>(TargetInfo, MetricType.Gauge, "Target metadata",
            static labels => new ValueSeries(PrometheusText.EncodeLabels(labels.Labels)))
            ?.GetOrAdd(labels)?.Set(1);
    }

    /// <summary>The OTLP description, or the OTLP name and unit when there is none (HELP is never empty).</summary>
    internal static string Help(Metric metric) => PrometheusNames.Help(metric.Description, metric.Name, metric.Unit);

    private static long PointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        _ => 0,
    };

    private static double NumberValue(NumberDataPoint point) =>
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static bool IsNoRecordedValue(uint flags) => (flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;

    private readonly record struct ScopeLabels(string Name, string Version);

    private struct Outcome
    {
        public long Received;
        public long Rejected;
        public string? FirstError;

        /// <summary>Rejects <paramref name="count"/> points; a <paramref name="reason"/> is counted here, none: already counted elsewhere.</summary>
        public void Reject(long count, string error, string? reason = null, CollectorMeter? meter = null)
        {
            Rejected += count;
            FirstError ??= error;
            if (reason is not null)
            {
                meter?.Rejected(reason, count);
            }
        }
    }
}
