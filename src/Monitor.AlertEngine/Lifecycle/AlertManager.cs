using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Lifecycle;

/// <summary>
/// The seed's Alert Manager (diagram 6): classify -> store -> publish, acknowledge, expire,
/// resolve. Keeps the open alerts in memory, one per fingerprint; every change goes to the
/// outbox (store) and to the subscribers (publish), with its transitions as history.
/// </summary>
internal sealed class AlertManager : IAlertFeed
{
    // A window rule is re-evaluated as spans arrive; a breach that goes on is counted once a second.
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(1);

    // How long an acknowledgement waits for its write before answering anyway.
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(2);

    private readonly AlertOutbox _outbox;
    private readonly IAlertStore _store;
    private readonly AlertMeter _meter;
    private readonly AlertLog _log;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PerformanceAlert> _openByFingerprint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprintById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _arrivalById = new(StringComparer.Ordinal);
    private FeedSubscription<IReadOnlyList<PerformanceAlert>>[] _subscribers = [];
    private long _applyingArrival;

    public AlertManager(AlertOutbox outbox, IAlertStore store, AlertMeter meter, AlertLog log, TimeProvider time)
    {
        _outbox = outbox;
        _store = store;
        _meter = meter;
        _log = log;
        _time = time;
        outbox.Stored += Adopt;
        meter.Observe(OpenBySeverity, () => outbox.Depth);
    }

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

    public FeedSubscription<IReadOnlyList<PerformanceAlert>> SubscribeChanges(int capacity = 1024)
    {
        var subscription = new FeedSubscription<IReadOnlyList<PerformanceAlert>>(capacity, Unsubscribe);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    public PerformanceAlert? OpenFor(string fingerprint)
    {
        lock (_lock)
        {
            return _openByFingerprint.GetValueOrDefault(fingerprint);
        }
    }

    /// <summary>Takes the open alerts found in the store at start-up (they keep their fingerprints).</summary>
    public void Load(IEnumerable<PerformanceAlert> open)
    {
        lock (_lock)
        {
            foreach (var alert in open)
            {
                if (!_openByFingerprint.ContainsKey(alert.Fingerprint))
                {
                    Track(alert);
                }
            }
        }
    }

    /// <summary>Applies one evaluation's breaches and clears; stores and publishes what changed.</summary>
    /// <param name="arrival">Stopwatch timestamp of the spans that caused them, for the hop latency; 0 if none.</param>
    public IReadOnlyList<PerformanceAlert> Apply(IReadOnlyList<RuleBreach> breaches, IReadOnlyList<string> clears, long arrival = 0)
    {
        if (breaches.Count == 0 && clears.Count == 0)
        {
            return [];
        }
        var changed = new List<PerformanceAlert>();
        lock (_lock)
        {
            _applyingArrival = arrival;
            foreach (var breach in breaches)
            {
                if (OnBreach(breach) is { } alert)
                {
                    changed.Add(alert);
                }
            }
            foreach (var fingerprint in clears)
            {
                if (Close(fingerprint, AlertStatus.Resolved, AlertAction.Resolved, _time.GetUtcNow()) is { } alert)
                {
                    changed.Add(alert);
                }
            }
            _applyingArrival = 0;
        }
        Publish(changed, arrival);
        return changed;
    }

    /// <summary>Expires firing alerts nobody acknowledged in time; resolves event alerts that went quiet.</summary>
    public IReadOnlyList<PerformanceAlert> Sweep(TimeSpan expiry, Func<string, bool> isEventRule)
    {
        var now = _time.GetUtcNow();
        var changed = new List<PerformanceAlert>();
        lock (_lock)
        {
            foreach (var alert in _openByFingerprint.Values.ToList())
            {
                if (alert.Status == AlertStatus.Firing && now - alert.Timestamp >= expiry)
                {
                    changed.Add(Close(alert.Fingerprint, AlertStatus.Expired, AlertAction.Expired, now)!);
                }
                else if (isEventRule(alert.Type) && now - alert.LastSeen >= EventRule.ClearAfter)
                {
                    changed.Add(Close(alert.Fingerprint, AlertStatus.Resolved, AlertAction.Resolved, now)!);
                }
            }
        }
        Publish(changed, 0);
        return changed;
    }

    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string id, string actor, string? comment, TimeSpan? duration,
        CancellationToken cancellationToken)
    {
        PerformanceAlert? acknowledged = null;
        lock (_lock)
        {
            if (_fingerprintById.TryGetValue(id, out var fingerprint) && _openByFingerprint.TryGetValue(fingerprint, out var alert))
            {
                if (alert.Status == AlertStatus.Acknowledged)
                {
                    return new AcknowledgeOutcome(AcknowledgeResult.AlreadyAcknowledged, alert);
                }
                var now = _time.GetUtcNow();
                acknowledged = alert with
                {
                    Status = AlertStatus.Acknowledged,
                    AcknowledgedBy = actor,
                    AcknowledgedAt = now,
                    AcknowledgeComment = comment,
                    AcknowledgedUntil = duration is { } d ? now + d : null,
                };
                Replace(acknowledged);
                // Urgent: the admin waits for this write, it goes ahead of any burst of new alerts.
                Store(acknowledged, 0, [Transition(acknowledged, AlertAction.Acknowledged, now, actor, comment)], urgent: true);
                _meter.Acknowledged(now - alert.Timestamp);
            }
        }
        if (acknowledged is not null)
        {
            // DESIGN's flow: acknowledge -> store updated -> broadcast. Wait (a little) for the store,
            // so that whoever acknowledged reads it back; a store that is away gets it from the outbox later.
            try
            {
                await _outbox.WhenStored(acknowledged.Id).WaitAsync(StoreWait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            Publish([acknowledged], 0);
            return new AcknowledgeOutcome(AcknowledgeResult.Acknowledged, acknowledged);
        }
        var stored = await _store.GetAsync(id, cancellationToken);
        return stored is null
            ? new AcknowledgeOutcome(AcknowledgeResult.NotFound, null)
            : new AcknowledgeOutcome(stored.IsOpen ? AcknowledgeResult.AlreadyAcknowledged : AcknowledgeResult.AlreadyClosed, stored);
    }

    private PerformanceAlert? OnBreach(RuleBreach breach)
    {
        var now = breach.At;
        if (!_openByFingerprint.TryGetValue(breach.Fingerprint, out var existing))
        {
            var fired = new PerformanceAlert
            {
                Id = Guid.CreateVersion7().ToString(),
                Type = breach.Rule,
                Severity = breach.Severity,
                Message = breach.Message,
                Timestamp = now,
                LastSeen = now,
                Status = AlertStatus.Firing,
                Fingerprint = breach.Fingerprint,
                Labels = breach.Scope,
                Data = Data(breach),
                ModuleId = breach.Span?.ModuleId,
                ResourceId = breach.Span?.ResourceId,
                Evidence = breach.Span is { } span ? [Evidence(span)] : [],
            };
            Track(fired);
            Store(fired, 1, [Transition(fired, AlertAction.Fired, now)]);
            _meter.Fired(breach.Rule, breach.Severity);
            return fired;
        }

        var rises = AlertSeverity.Rank(breach.Severity) > AlertSeverity.Rank(existing.Severity);
        var acknowledgementOver = existing.Status == AlertStatus.Acknowledged && existing.AcknowledgedUntil is { } until && now >= until;
        var refires = existing.Status == AlertStatus.Acknowledged && (rises || acknowledgementOver);
        if (!rises && !refires && breach.Span is null && now - existing.LastSeen < RepeatInterval)
        {
            return null;
        }
        var severity = rises ? breach.Severity : existing.Severity;
        var updated = existing with
        {
            Severity = severity,
            Count = existing.Count + 1,
            LastSeen = now,
            Message = breach.Message,
            Data = Data(breach),
            ModuleId = breach.Span?.ModuleId ?? existing.ModuleId,
            ResourceId = breach.Span?.ResourceId ?? existing.ResourceId,
            Evidence = breach.Span is { } evidenceSpan ? [.. existing.Evidence.TakeLast(AlertEvidence.MaxItems - 1), Evidence(evidenceSpan)] : existing.Evidence,
        };
        var transitions = new List<AlertTransition>();
        if (refires)
        {
            updated = updated with { Status = AlertStatus.Firing, AcknowledgedBy = null, AcknowledgedAt = null, AcknowledgeComment = null, AcknowledgedUntil = null };
            transitions.Add(Transition(updated, AlertAction.Refired, now, comment: rises ? $"severity rose to {severity}" : "the acknowledgement ended and the breach goes on"));
            _meter.Fired(breach.Rule, severity);
        }
        else if (rises)
        {
            transitions.Add(Transition(updated, AlertAction.Escalated, now, comment: $"severity rose to {severity}"));
            _meter.Fired(breach.Rule, severity);
        }
        Replace(updated);
        Store(updated, 1, [.. transitions]);
        return updated;
    }

    private PerformanceAlert? Close(string fingerprint, string status, string action, DateTimeOffset now)
    {
        if (!_openByFingerprint.TryGetValue(fingerprint, out var alert))
        {
            return null;
        }
        var closed = alert with { Status = status, ResolvedAt = now };
        _openByFingerprint.Remove(fingerprint);
        _fingerprintById.Remove(alert.Id);
        Store(closed, 0, [Transition(closed, action, now)]);
        if (status == AlertStatus.Resolved)
        {
            _meter.Resolved(now - alert.Timestamp);
        }
        return closed;
    }

    private void Track(PerformanceAlert alert)
    {
        _openByFingerprint[alert.Fingerprint] = alert;
        _fingerprintById[alert.Id] = alert.Fingerprint;
    }

    private void Replace(PerformanceAlert alert) => _openByFingerprint[alert.Fingerprint] = alert;

    private void Store(PerformanceAlert alert, long countDelta, AlertTransition[] transitions, bool urgent = false)
    {
        foreach (var transition in transitions)
        {
            _log.Transition(alert.Id, transition.Action, alert.Type, alert.Severity);
        }
        if (_applyingArrival != 0)
        {
            _arrivalById.TryAdd(alert.Id, _applyingArrival);
        }
        _outbox.Enqueue(new AlertWrite(alert, countDelta, transitions), urgent);
    }

    /// <summary>
    /// After a write: when another instance had the open row for the fingerprint, that row's id
    /// wins, and its count (both instances' breaches) too.
    /// </summary>
    private void Adopt(string queuedId, PerformanceAlert stored)
    {
        List<PerformanceAlert>? changed = null;
        lock (_lock)
        {
            if (_arrivalById.Remove(queuedId, out var arrival))
            {
                _meter.Hop("stored", Stopwatch.GetElapsedTime(arrival));
            }
            if (_fingerprintById.TryGetValue(queuedId, out var fingerprint) && _openByFingerprint.TryGetValue(fingerprint, out var mine)
                && (stored.Id != mine.Id || stored.Count > mine.Count) && stored.IsOpen)
            {
                _fingerprintById.Remove(queuedId);
                var adopted = mine with { Id = stored.Id, Count = Math.Max(mine.Count, stored.Count), Timestamp = stored.Timestamp };
                Track(adopted);
                changed = [adopted];
            }
        }
        if (changed is not null)
        {
            Publish(changed, 0);
        }
    }

    private void Publish(List<PerformanceAlert> changed, long arrival)
    {
        if (changed.Count == 0)
        {
            return;
        }
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Publish(changed);
        }
        if (arrival != 0)
        {
            _meter.Hop("published", Stopwatch.GetElapsedTime(arrival));
        }
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
            new Measurement<long>(warning, new KeyValuePair<string, object?>("severity", AlertSeverity.Warning)),
            new Measurement<long>(critical, new KeyValuePair<string, object?>("severity", AlertSeverity.Critical)),
        ];
    }

    private void Unsubscribe(FeedSubscription<IReadOnlyList<PerformanceAlert>> subscription)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        }
    }

    private static AlertTransition Transition(PerformanceAlert alert, string action, DateTimeOffset at, string? actor = null, string? comment = null) =>
        new(alert.Id, action, alert.Status, alert.Severity, at, actor, comment);

    private static Dictionary<string, double> Data(RuleBreach breach) => new(StringComparer.Ordinal)
    {
        ["value"] = breach.Value,
        ["warning"] = breach.Warning,
        ["critical"] = breach.Critical,
    };

    private static AlertEvidence Evidence(PipelineSpan span) => new(span.TraceId.ToHexString(), span.SpanId.ToHexString());
}
