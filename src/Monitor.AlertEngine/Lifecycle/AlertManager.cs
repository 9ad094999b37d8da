using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>
/// The seed's Alert Manager (docs/architecture.md). The store holds the truth; this keeps a copy of the open
/// alerts, updated only from stored changes (its own writes, other replicas' announcements, and
/// reconciliation), each taken only if its version is newer than the copy's. Rule breaches and
/// clears become intents for the write queue; acknowledgements are written straight to the store.
/// Only stored alerts are published, so an alert's id never changes once a client has seen it.
/// </summary>
internal sealed class AlertManager : IAlertFeed
{
    // A window rule is re-evaluated as spans arrive; a breach that goes on is counted once a second.
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(1);

    // An admin waits for an acknowledgement: a store that cannot take it in this time is away.
    private static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(2);

    // Closed alerts remembered so that an older (open) copy arriving late is not taken for news.
    private const int ClosedRemembered = 10_000;

    private readonly AlertWriteQueue _queue;
    private readonly IAlertStore _store;
    private readonly AlertMeter _meter;
    private readonly AlertLog _log;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PerformanceAlert> _openByFingerprint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprintById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _closedVersions = new(StringComparer.Ordinal);
    private readonly Queue<string> _closedOrder = new();
    // Breaches sent to the queue and not yet seen stored: when, and at which severity (write throttle).
    private readonly Dictionary<string, (DateTimeOffset At, AlertSeverity Severity)> _lastBreachSent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closing = new(StringComparer.Ordinal);
    private readonly Feed<IReadOnlyList<PerformanceAlert>> _changes = new();

    public AlertManager(AlertWriteQueue queue, IAlertStore store, AlertMeter meter, AlertLog log, TimeProvider time)
    {
        _queue = queue;
        _store = store;
        _meter = meter;
        _log = log;
        _time = time;
        queue.Committed += OnStored;
        meter.Observe(OpenBySeverity, () => queue.Depth);
    }

    /// <summary>Changes this replica stored itself (for the cluster to announce to the others).</summary>
    public event Action<IReadOnlyList<PerformanceAlert>>? StoredHere;

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

    /// <summary>Turns one evaluation's breaches and clears into intents for the store.</summary>
    /// <param name="arrival">Stopwatch timestamp of the spans that caused them, for the hop latency; 0 if none.</param>
    public void Apply(IReadOnlyList<RuleBreach> breaches, IReadOnlyList<string> clears, long arrival = 0)
    {
        if (breaches.Count == 0 && clears.Count == 0)
        {
            return;
        }
        lock (_lock)
        {
            foreach (var breach in breaches)
            {
                if (ShouldWrite(breach))
                {
                    _queue.Enqueue(ToIntent(breach, arrival));
                    
                }
            }
            foreach (var fingerprint in clears)
            {
                if ((_openByFingerprint.ContainsKey(fingerprint) || _lastBreachSent.ContainsKey(fingerprint)) && _closing.Add(fingerprint))
                {
                    var now = _time.GetUtcNow();
                    _lastBreachSent.Remove(fingerprint);
                    _queue.Enqueue(new CloseIntent(fingerprint, now, arrival, AlertStatus.Resolved, NotSeenSince: now));
                }
            }
        }
    }

    /// <summary>
    /// Expires firing alerts not seen for <paramref name="expiry"/> (an incident that goes on keeps
    /// its alert); resolves event alerts that went quiet. Safe on every replica: the store closes
    /// an alert only if the condition still holds on its row.
    /// </summary>
    public void Sweep(TimeSpan expiry)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var alert in _openByFingerprint.Values)
            {
                if (_closing.Contains(alert.Fingerprint))
                {
                    continue;
                }
                if (alert.Status == AlertStatus.Firing && now - alert.LastSeen >= expiry)
                {
                    _closing.Add(alert.Fingerprint);
                    _queue.Enqueue(new CloseIntent(alert.Fingerprint, now, 0, AlertStatus.Expired, NotSeenSince: now - expiry, FiringOnly: true));
                }
                else if (RuleSet.IsEventRule(alert.Type) && now - alert.LastSeen >= EventRule.ClearAfter)
                {
                    _closing.Add(alert.Fingerprint);
                    _queue.Enqueue(new CloseIntent(alert.Fingerprint, now, 0, AlertStatus.Resolved, NotSeenSince: now - EventRule.ClearAfter));
                }
            }
            // Throttle entries of problems that went away without an alert (the store refused, or it was closed).
            foreach (var (fingerprint, sent) in _lastBreachSent)
            {
                if (now - sent.At > expiry && !_openByFingerprint.ContainsKey(fingerprint))
                {
                    _lastBreachSent.Remove(fingerprint);
                }
            }
        }
    }

    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration,
        CancellationToken cancellationToken)
    {
        var command = new AcknowledgeCommand(id, actor, comment, duration, _time.GetUtcNow());
        var (outcome, change) = await CommandAsync(id, "acknowledgement",
            read => AlertDecisions.OnAcknowledge(read, command) is { Plan: null, Result: var result } ? new AcknowledgeOutcome(result, read) : null,
            token => _store.AcknowledgeAsync(command, token), cancellationToken);
        if (change is not null)
        {
            _log.Transition(change.Alert.Id, AlertAction.Acknowledged, change.Alert.Type, change.Alert.Severity);
            _meter.Acknowledged(change.Alert.AcknowledgedAt!.Value - change.Alert.Timestamp);
        }
        return outcome;
    }

    public async Task<UnacknowledgeOutcome> UnacknowledgeAsync(string id, string actor, string? comment, CancellationToken cancellationToken)
    {
        var command = new UnacknowledgeCommand(id, actor, comment, _time.GetUtcNow());
        var (outcome, change) = await CommandAsync(id, "withdrawal of the acknowledgement",
            read => AlertDecisions.OnUnacknowledge(read, command) is { Plan: null, Result: var result } ? new UnacknowledgeOutcome(result, read) : null,
            token => _store.UnacknowledgeAsync(command, token), cancellationToken);
        if (change is not null)
        {
            _log.Transition(change.Alert.Id, AlertAction.Unacknowledged, change.Alert.Type, change.Alert.Severity);
        }
        return outcome;
    }

    /// <summary>
    /// An admin's command on one alert, answered once the store has it: read first, without the
    /// write lock (when a thousand admins press at once, all but the first find it done here and
    /// never queue for the writer), then the conditional write; the change is published and announced.
    /// </summary>
    /// <param name="unchanged">The answer when the read shows nothing to do, else null.</param>
    private async Task<(TOutcome Outcome, AlertChange? Change)> CommandAsync<TOutcome>(string id, string what,
        Func<PerformanceAlert?, TOutcome?> unchanged, Func<CancellationToken, Task<(TOutcome Outcome, AlertChange? Change)>> write,
        CancellationToken cancellationToken) where TOutcome : class
    {
        (TOutcome Outcome, AlertChange? Change) result;
        PerformanceAlert? read;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(AcknowledgeTimeout);
            try
            {
                read = await _store.GetAsync(id, timeout.Token);
                result = unchanged(read) is { } answer ? (answer, null) : await write(timeout.Token);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                _log.AcknowledgeNotStored(error, id);
                throw new AlertStoreUnavailableException($"the alert store did not take the {what}; nothing was recorded", error);
            }
        }
        if (result.Change is { } change)
        {
            Take([change.Alert], announce: true, arrival: 0);
        }
        else if (read is not null)
        {
            // Nothing changed, but this replica may have missed the change that made it so.
            Take([read], announce: false, arrival: 0);
        }
        return result;
    }

    /// <summary>Stored alerts this replica did not write (announcements, reconciliation, the open set at start).</summary>
    public void TakeStored(IReadOnlyList<PerformanceAlert> alerts) => Take(alerts, announce: false, arrival: 0);

    /// <summary>Alerts this replica stored outside the write queue (a recorded silence): published and announced.</summary>
    public void TakeStoredHere(IReadOnlyList<PerformanceAlert> alerts) => Take(alerts, announce: true, arrival: 0);

    private void OnStored(IReadOnlyList<AlertChange> changes)
    {
        foreach (var change in changes)
        {
            foreach (var step in change.Transitions)
            {
                _log.Transition(change.Alert.Id, step.Action, change.Alert.Type, change.Alert.Severity);
                if (step.Action is AlertAction.Fired or AlertAction.Refired or AlertAction.Escalated)
                {
                    _meter.Fired(change.Alert.Type, change.Alert.Severity);
                }
                else if (step.Action == AlertAction.Resolved)
                {
                    _meter.Resolved(step.At - change.Alert.Timestamp);
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
            if (_lastBreachSent.TryGetValue(alert.Fingerprint, out var sent) && sent.At <= alert.LastSeen)
            {
                _lastBreachSent.Remove(alert.Fingerprint);
            }
        }
        else
        {
            _closedVersions[alert.Id] = alert.Version;
            _closedOrder.Enqueue(alert.Id);
            while (_closedOrder.Count > ClosedRemembered && _closedOrder.TryDequeue(out var oldest))
            {
                _closedVersions.Remove(oldest);
            }
            _closing.Remove(alert.Fingerprint);
        }
    }

    /// <summary>
    /// Whether a breach needs a write: a new problem, a severity rise, the end of a timed
    /// acknowledgement, a span to keep as evidence, or a second since the last write of it.
    /// </summary>
    private bool ShouldWrite(RuleBreach breach)
    {
        var now = breach.At;
        _openByFingerprint.TryGetValue(breach.Fingerprint, out var open);
        var sent = _lastBreachSent.TryGetValue(breach.Fingerprint, out var last);
        if (open is null && !sent)
        {
            _lastBreachSent[breach.Fingerprint] = (now, breach.Severity);
            return true;
        }
        var known = open?.Severity ?? AlertSeverity.Warning;
        if (sent && last.Severity > known)
        {
            known = last.Severity;
        }
        var rises = breach.Severity > known;
        var acknowledgementOver = open is { Status: AlertStatus.Acknowledged, AcknowledgedUntil: { } until } && now >= until;
        var lastWrite = sent ? last.At : open!.LastSeen;
        if (!rises && !acknowledgementOver && breach.Span is null && breach.Evidence is null && now - lastWrite < RepeatInterval)
        {
            return false;
        }
        _lastBreachSent[breach.Fingerprint] = (now, rises ? breach.Severity : known);
        _closing.Remove(breach.Fingerprint);
        return true;
    }

    private static BreachIntent ToIntent(RuleBreach breach, long arrival) => new(
        breach.Fingerprint,
        breach.At,
        arrival,
        Guid.CreateVersion7().ToString(),
        breach.Rule,
        breach.Scope,
        breach.Severity,
        breach.Message,
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["value"] = breach.Value,
            ["warning"] = breach.Warning,
            ["critical"] = breach.Critical,
        },
        breach.Span is { } span ? [new AlertEvidence(span.TraceId.ToHexString(), span.SpanId.ToHexString())]
            : breach.Evidence is { } evidence ? [evidence] : [],
        breach.Span?.ModuleId,
        breach.Span?.ResourceId,
        Count: 1);

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
