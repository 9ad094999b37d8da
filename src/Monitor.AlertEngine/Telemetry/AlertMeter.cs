using System.Diagnostics.Metrics;

namespace Monitor.AlertEngine.Telemetry;

/// <summary>
/// The alert engine's own instruments: monitor_alerts_open{severity}, monitor_alerts_fired_total{rule,severity},
/// rule evaluation time, outbox depth, time to acknowledge and to resolve, and the latency of each
/// hop from span arrival (evaluated, stored, published).
/// </summary>
internal sealed class AlertMeter
{
    public const string MeterName = "PipelineMonitor.AlertEngine";

    // Seconds: the hops are milliseconds, acknowledging and resolving are minutes to hours.
    private static readonly double[] HopBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5];
    private static readonly double[] HumanBounds = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400];

    private readonly Counter<long> _fired;
    private readonly Histogram<double> _evaluation;
    private readonly Histogram<double> _hop;
    private readonly Histogram<double> _toAcknowledge;
    private readonly Histogram<double> _toResolve;

    public AlertMeter(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _fired = meter.CreateCounter<long>("monitor.alerts.fired", "{alert}", "Alerts that fired (new or fired again), by rule and severity.");
        _evaluation = meter.CreateHistogram<double>("monitor.alert.rule_evaluation.duration", "s", "Time to evaluate the rules on one batch or snapshot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HopBounds });
        _hop = meter.CreateHistogram<double>("monitor.alert.hop.latency", "s", "Time from span arrival to each hop of an alert: evaluated, stored, published.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HopBounds });
        _toAcknowledge = meter.CreateHistogram<double>("monitor.alert.time_to_acknowledge", "s", "Time from firing to acknowledgement.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HumanBounds });
        _toResolve = meter.CreateHistogram<double>("monitor.alert.time_to_resolve", "s", "Time from firing to resolution.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HumanBounds });
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Fired(string rule, string severity) =>
        _fired.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("severity", severity));

    public void Evaluated(TimeSpan duration) => _evaluation.Record(duration.TotalSeconds);

    public void Hop(string hop, TimeSpan sinceArrival) => _hop.Record(sinceArrival.TotalSeconds, new KeyValuePair<string, object?>("hop", hop));

    public void Acknowledged(TimeSpan sinceFired) => _toAcknowledge.Record(sinceFired.TotalSeconds);

    public void Resolved(TimeSpan sinceFired) => _toResolve.Record(sinceFired.TotalSeconds);

    /// <summary>Registers the gauges read from the engine's state.</summary>
    public void Observe(Func<IEnumerable<Measurement<long>>> openBySeverity, Func<long> outboxDepth)
    {
        Meter.CreateObservableGauge("monitor.alerts.open", openBySeverity, "{alert}", "Open (firing or acknowledged) alerts, by severity.");
        Meter.CreateObservableGauge("monitor.alert.outbox.depth", outboxDepth, "{alert}", "Alert writes waiting for the store.");
    }
}
