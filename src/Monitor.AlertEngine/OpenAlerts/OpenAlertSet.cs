using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;

namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>
/// This replica's copy of the open alerts (the store holds the truth), updated only from stored
/// alerts: the store's commits (<see cref="IAlertStoreCallback"/>: this replica's own writes,
/// whoever made them) and what it reads back (other replicas' changes, the open set at start), each
/// taken only if its version is newer than the copy's. Only stored alerts are published, so an
/// alert's id never changes once a client has seen it.
/// </summary>
internal sealed class OpenAlertSet : IAlertFeed, IAlertStoreCallback
{
    // Closed alerts remembered so that an older (open) copy arriving late is not taken for news.
    private const int ClosedRemembered = 10_000;

    private readonly AlertMeter _meter;
    private readonly AlertLog _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PerformanceAlert> _openByFingerprint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprintById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _closedVersions = new(StringComparer.Ordinal);
    private readonly Queue<string> _closedOrder = new();
    private readonly Feed<IReadOnlyList<PerformanceAlert>> _changes = new();

    public OpenAlertSet(AlertMeter meter, AlertLog log)
    {
        _meter = meter;
        _log = log;
        meter.ObserveOpen(OpenBySeverity);
    }

    /// <summary>Changes this replica committed itself (for the cluster to announce to the others, and the notifications to send).</summary>
    public event Action<IReadOnlyList<PerformanceAlert>>? StoredHere;

    /// <summary>An alert that just became part of the copy (open or closed), under the set's lock: the breach throttle forgets what the store now holds.</summary>
    internal event Action<PerformanceAlert>? Kept;

    public IReadOnlyList<PerformanceAlert> OpenAlerts
    {
        get
        {
            lock (_lock)
            {
                return [.. _openByFingerprint.Values.OrderBy(a => a.Timestamp)];
            }
        }
    }

    /// <summary>The pipelines (job label) with an open alert.</summary>
    public HashSet<string> JobsWithOpenAlerts()
    {
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var alert in _openByFingerprint.Values)
            {
                jobs.Add(alert.Job);
            }
        }
        return jobs;
    }

    public FeedSubscription<IReadOnlyList<PerformanceAlert>> SubscribeChanges(int capacity = 1024) => _changes.Subscribe(capacity);

    public PerformanceAlert? OpenFor(string fingerprint)
    {
        lock (_lock)
        {
            return _openByFingerprint.GetValueOrDefault(fingerprint);
        }
    }

    /// <summary>The open alerts, for a reader that decides under the set's lock (the breach throttle); no alert changes meanwhile.</summary>
    internal void Read(Action<IReadOnlyDictionary<string, PerformanceAlert>> read)
    {
        lock (_lock)
        {
            read(_openByFingerprint);
        }
    }

    /// <summary>Stored alerts this replica did not write (other replicas' changes, the open set at start, an alert read back).</summary>
    public void TakeStored(IReadOnlyList<PerformanceAlert> alerts) => Take(alerts, announce: false, arrival: 0);

    /// <summary>What the store committed here: logged and counted, taken, published and announced.</summary>
    public void Committed(IReadOnlyList<AlertChange> changes)
    {
        foreach (var change in changes)
        {
            foreach (var step in change.Transitions)
            {
                _log.Transition(change.Alert.Id, step.Action, change.Alert.Type, change.Alert.Severity);
                switch (step.Action)
                {
                    case AlertAction.Fired or AlertAction.Refired or AlertAction.Escalated:
                        _meter.Fired(change.Alert.Type, change.Alert.Severity);
                        break;
                    case AlertAction.Resolved:
                        _meter.Resolved(step.At - change.Alert.Timestamp);
                        break;
                    case AlertAction.Acknowledged:
                        _meter.Acknowledged(step.At - change.Alert.Timestamp);
                        break;
                }
            }
            if (change.ArrivalTimestamp != 0)
            {
                _meter.Hop("stored", Stopwatch.GetElapsedTime(change.ArrivalTimestamp));
            }
        }
        var arrival = changes.Select(c => c.ArrivalTimestamp).Where(a => a != 0).DefaultIfEmpty(0).Min();
        Take([.. changes.Select(c => c.Alert)], announce: true, arrival);
    }

    /// <summary>Takes every alert newer than the copy held; publishes those (and announces them when stored here).</summary>
    private void Take(IReadOnlyList<PerformanceAlert> alerts, bool announce, long arrival)
    {
        var changed = new List<PerformanceAlert>(alerts.Count);
        lock (_lock)
        {
            foreach (var alert in alerts)
            {
                if (IsNewer(alert))
                {
                    Keep(alert);
                    changed.Add(alert);
                }
            }
            if (changed.Count == 0)
            {
                return;
            }
            // Under the lock (publishing only queues): subscribers see the versions in the order they were taken.
            _changes.Publish(changed);
        }
        if (arrival != 0)
        {
            _meter.Hop("published", Stopwatch.GetElapsedTime(arrival));
        }
        if (announce)
        {
            StoredHere?.Invoke(changed);
        }
    }

    private bool IsNewer(PerformanceAlert alert)
    {
        if (_closedVersions.TryGetValue(alert.Id, out var closed))
        {
            return alert.Version > closed;
        }
        return !_fingerprintById.TryGetValue(alert.Id, out var fingerprint)
            || !_openByFingerprint.TryGetValue(fingerprint, out var held)
            || alert.Version > held.Version;
    }

    private void Keep(PerformanceAlert alert)
    {
        if (_fingerprintById.Remove(alert.Id, out var oldFingerprint))
        {
            _openByFingerprint.Remove(oldFingerprint);
        }
        _closedVersions.Remove(alert.Id);
        if (alert.IsOpen)
        {
            // Another open copy of the same problem can only be older: the store keeps one open row per fingerprint.
            if (_openByFingerprint.Remove(alert.Fingerprint, out var other))
            {
                _fingerprintById.Remove(other.Id);
            }
            _openByFingerprint[alert.Fingerprint] = alert;
            _fingerprintById[alert.Id] = alert.Fingerprint;
        }
        else
        {
            _closedVersions[alert.Id] = alert.Version;
            _closedOrder.Enqueue(alert.Id);
            while (_closedOrder.Count > ClosedRemembered && _closedOrder.TryDequeue(out var oldest))
            {
                _closedVersions.Remove(oldest);
            }
        }
        Kept?.Invoke(alert);
    }

    private IEnumerable<Measurement<long>> OpenBySeverity()
    {
        long warning = 0, critical = 0;
        lock (_lock)
        {
            foreach (var alert in _openByFingerprint.Values)
            {
                if (alert.Severity == AlertSeverity.Critical)
                {
                    critical++;
                }
                else
                {
                    warning++;
                }
            }
        }
        return
        [
            new Measurement<long>(warning, new KeyValuePair<string, object?>("severity", AlertWire.Name(AlertSeverity.Warning))),
            new Measurement<long>(critical, new KeyValuePair<string, object?>("severity", AlertWire.Name(AlertSeverity.Critical))),
        ];
    }
}
