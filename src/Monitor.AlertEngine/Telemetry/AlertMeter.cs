using System.Diagnostics.Metrics;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Telemetry;

/// <summary>
/// The alert engine's own instruments: monitor_alerts_open{severity}, monitor_alerts_fired_total{rule,severity},
/// rule evaluation time and errors, write queue depth, time to acknowledge and to resolve, and the latency of each
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
    private readonly Counter<long> _ruleErrors;
    private readonly Counter<long> _setAside;
    private readonly Counter<long> _clusterLost;
    private readonly Counter<long> _clusterRefused;

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
        _ruleErrors = meter.CreateCounter<long>("monitor.rule.errors", "{error}", "Rule evaluations that threw, by rule; the other rules went on.");
        _setAside = meter.CreateCounter<long>("monitor.alert.writes_set_aside", "{problem}", "Alert writes the store refused for their data, set aside so the writes behind them go on.");
        _clusterLost = meter.CreateCounter<long>("monitor.cluster.messages_lost", "{message}", "Messages to other replicas that could not be sent (Redis away), by channel.");
        _clusterRefused = meter.CreateCounter<long>("monitor.cluster.messages_refused", "{message}",
            "Messages on the cluster's channels not taken, by channel and reason: bad_seal (not sealed with Cluster:Key), stale, replayed, malformed.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Fired(string rule, AlertSeverity severity) =>
        _fired.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("severity", AlertWire.Name(severity)));

    public void RuleError(string rule) => _ruleErrors.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void WriteSetAside() => _setAside.Add(1);

    public void ClusterMessageLost(string channel) => _clusterLost.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void ClusterMessageRefused(string channel, string reason) =>
        _clusterRefused.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("reason", reason));

    public void Evaluated(TimeSpan duration) => _evaluation.Record(duration.TotalSeconds);

    public void Hop(string hop, TimeSpan sinceArrival) => _hop.Record(sinceArrival.TotalSeconds, new KeyValuePair<string, object?>("hop", hop));

    public void Acknowledged(TimeSpan sinceFired) => _toAcknowledge.Record(sinceFired.TotalSeconds);

    public void Resolved(TimeSpan sinceFired) => _toResolve.Record(sinceFired.TotalSeconds);

    /// <summary>Registers the gauge of the open alerts this replica holds.</summary>
    public void ObserveOpen(Func<IEnumerable<Measurement<long>>> openBySeverity) =>
        Meter.CreateObservableGauge("monitor.alerts.open", openBySeverity, "{alert}", "Open (firing or acknowledged) alerts, by severity.");

    /// <summary>Registers the gauge of the write queue's depth.</summary>
    public void ObserveWriteQueue(Func<long> writeQueueDepth) =>
        Meter.CreateObservableGauge("monitor.alert.write_queue.depth", writeQueueDepth, "{problem}", "Problems with alert writes waiting for the store.");
}
