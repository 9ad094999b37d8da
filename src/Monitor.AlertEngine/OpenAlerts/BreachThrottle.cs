using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>
/// Turns rule breaches and clears into intents for the write queue, no more of them than change
/// something: a breach goes on being counted once a second, but a new problem, a severity rise, the
/// end of a timed acknowledgement or a span kept as evidence is written at once. "Would this change
/// the alert?" is asked of the same functions the lifecycle decides with (<see cref="AlertDecisions"/>).
/// Its state (breaches sent and not yet seen stored, problems being closed) is kept under the open
/// set's lock, so it and the copy of the open alerts never disagree.
/// </summary>
internal sealed class BreachThrottle
{
    // A window rule is re-evaluated as spans arrive; a breach that goes on is counted once a second.
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(1);

    private readonly OpenAlertSet _open;
    private readonly AlertWriteQueue _queue;
    private readonly TimeProvider _time;
    // Breaches sent to the queue and not yet seen stored: when, and at which severity.
    private readonly Dictionary<string, (DateTimeOffset At, AlertSeverity Severity)> _lastBreachSent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closing = new(StringComparer.Ordinal);

    public BreachThrottle(OpenAlertSet open, AlertWriteQueue queue, TimeProvider time)
    {
        _open = open;
        _queue = queue;
        _time = time;
        open.Kept += OnKept;
    }

    /// <summary>Turns one evaluation's breaches and clears into intents for the store.</summary>
    /// <param name="arrival">Stopwatch timestamp of the spans that caused them, for the hop latency; 0 if none.</param>
    public void Apply(IReadOnlyList<RuleBreach> breaches, IReadOnlyList<string> clears, long arrival = 0)
    {
        if (breaches.Count == 0 && clears.Count == 0)
        {
            return;
        }
        _open.Read(open =>
        {
            foreach (var breach in breaches)
            {
                if (ShouldWrite(breach, open.GetValueOrDefault(breach.Fingerprint)))
                {
                    _queue.Enqueue(ToIntent(breach, arrival));
                }
            }
            foreach (var fingerprint in clears)
            {
                if ((open.ContainsKey(fingerprint) || _lastBreachSent.ContainsKey(fingerprint)) && _closing.Add(fingerprint))
                {
                    var now = _time.GetUtcNow();
                    _lastBreachSent.Remove(fingerprint);
                    _queue.Enqueue(new CloseIntent(fingerprint, now, arrival, AlertStatus.Resolved, NotSeenSince: now));
                }
            }
        });
    }

    /// <summary>
    /// Expires firing alerts not seen for <paramref name="expiry"/> (an incident that goes on keeps
    /// its alert); resolves event alerts that went quiet. Safe on every replica: the store closes
    /// an alert only if the condition still holds on its row.
    /// </summary>
    public void Sweep(TimeSpan expiry)
    {
        var now = _time.GetUtcNow();
        _open.Read(open =>
        {
            foreach (var alert in open.Values)
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
            // Entries of problems that went away without an alert (the store refused, or it was closed).
            foreach (var (fingerprint, sent) in _lastBreachSent)
            {
                if (now - sent.At > expiry && !open.ContainsKey(fingerprint))
                {
                    _lastBreachSent.Remove(fingerprint);
                }
            }
        });
    }

    /// <summary>Under the open set's lock: what the store now holds needs no reminder here.</summary>
    private void OnKept(PerformanceAlert alert)
    {
        if (alert.IsOpen)
        {
            if (_lastBreachSent.TryGetValue(alert.Fingerprint, out var sent) && sent.At <= alert.LastSeen)
            {
                _lastBreachSent.Remove(alert.Fingerprint);
            }
        }
        else
        {
            _closing.Remove(alert.Fingerprint);
        }
    }

    /// <summary>
    /// Whether a breach needs a write: a new problem, a change the lifecycle would make (a severity
    /// rise, the end of a timed acknowledgement), a span to keep as evidence, or a second since the
    /// last write of it.
    /// </summary>
    private bool ShouldWrite(RuleBreach breach, PerformanceAlert? open)
    {
        var now = breach.At;
        var sent = _lastBreachSent.TryGetValue(breach.Fingerprint, out var last);
        if (open is null && !sent)
        {
            _lastBreachSent[breach.Fingerprint] = (now, breach.Severity);
            return true;
        }
        // The severity the store has, or will have once the breach already sent is written.
        var known = open?.Severity ?? AlertSeverity.Warning;
        if (sent && last.Severity > known)
        {
            known = last.Severity;
        }
        var rises = AlertDecisions.SeverityRises(known, breach.Severity);
        var acknowledgementOver = open is not null && AlertDecisions.AcknowledgementOver(open, now);
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
}
