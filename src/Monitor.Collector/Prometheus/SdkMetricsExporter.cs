using OpenTelemetry;
using OpenTelemetry.Metrics;
using SdkMetricType = OpenTelemetry.Metrics.MetricType;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// Puts the monitor's own OpenTelemetry SDK metrics (its instruments, ASP.NET Core, runtime)
/// into the <see cref="MetricRegistry"/> at scrape time, under the job of the monitor itself.
/// One writer then owns every family on /metrics, so the monitor's dotnet_gc_* and a .NET
/// pipeline's dotnet_gc_* are one family with two jobs, not two clashing families
/// (docs/decisions/0001-prometheus-exposition.md).
/// </summary>
internal sealed class SdkMetricsExporter(MetricRegistry registry, string job, string instance) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            switch (metric.MetricType)
            {
                case SdkMetricType.LongSum or SdkMetricType.DoubleSum:
                    WriteNumbers(metric, counter: true);
                    break;
                case SdkMetricType.LongGauge or SdkMetricType.DoubleGauge or SdkMetricType.LongSumNonMonotonic or SdkMetricType.DoubleSumNonMonotonic:
                    WriteNumbers(metric, counter: false);
                    break;
                case SdkMetricType.Histogram:
                    WriteHistograms(metric);
                    break;
                default:
                    // Exponential histograms: no text-format form; the monitor configures none.
                    break;
            }
        }
        return ExportResult.Success;
    }

    private void WriteNumbers(Metric metric, bool counter)
    {
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter, gauge: !counter);
        var family = registry.GetOrAddFamily<LabelSet, ValueSeries>(name, counter ? MetricType.Counter : MetricType.Gauge,
            PrometheusNames.Help(metric.Description, metric.Name, metric.Unit), static labels => new ValueSeries(PrometheusText.EncodeLabels(labels.Labels)),
            budgeted: false);
        if (family is null)
        {
            return;
        }
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var value = metric.MetricType switch
            {
                SdkMetricType.LongSum or SdkMetricType.LongSumNonMonotonic => point.GetSumLong(),
                SdkMetricType.DoubleSum or SdkMetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                SdkMetricType.LongGauge => point.GetGaugeLastValueLong(),
                _ => point.GetGaugeLastValueDouble(),
            };
            family.GetOrAdd(Labels(metric, point), budgeted: false)?.Set(value);
        }
    }

    private void WriteHistograms(Metric metric)
    {
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, counter: false, gauge: false);
        var family = registry.GetOrAddFamily<LabelSet, PointSeries>(name, MetricType.Histogram, PrometheusNames.Help(metric.Description, metric.Name, metric.Unit),
            static labels => new PointSeries(PrometheusText.EncodeLabels(labels.Labels), MetricType.Histogram), budgeted: false);
        if (family is null)
        {
            return;
        }
        var bounds = new List<double>();
        var counts = new List<ulong>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            bounds.Clear();
            counts.Clear();
            foreach (var bucket in point.GetHistogramBuckets())
            {
                if (!double.IsPositiveInfinity(bucket.ExplicitBound))
                {
                    bounds.Add(bucket.ExplicitBound);
                    counts.Add((ulong)bucket.BucketCount);
                }
            }
            family.GetOrAdd(Labels(metric, point), budgeted: false)?.UpdateHistogram(
                bounds.ToArray(), counts.ToArray(), point.GetHistogramSum(), (ulong)point.GetHistogramCount(), delta: false);
        }
    }

    private LabelSet Labels(Metric metric, in MetricPoint point)
    {
        var labels = new List<KeyValuePair<string, string>> { new("job", job) };
        if (instance.Length > 0)
        {
            labels.Add(new("instance", instance));
        }
        labels.Add(new("otel_scope_name", metric.MeterName));
        foreach (var tag in point.Tags)
        {
            labels.Add(new(PrometheusNames.LabelName(tag.Key), Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }
        return new LabelSet(labels);
    }
}
