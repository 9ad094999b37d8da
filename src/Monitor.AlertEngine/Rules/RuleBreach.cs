using Monitor.AlertEngine.Model;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Rules;

/// <summary>A rule found its condition breached for one scope (a pipeline, a resource type, ...).</summary>
/// <param name="Span">The span that breached it (event rules): kept as evidence.</param>
/// <param name="Evidence">Evidence without a pipeline span (a run's root span).</param>
internal sealed record RuleBreach(
    string Rule,
    string Fingerprint,
    IReadOnlyDictionary<string, string> Scope,
    AlertSeverity Severity,
    double Value,
    double Warning,
    double Critical,
    string Message,
    DateTimeOffset At,
    PipelineSpan? Span = null,
    AlertEvidence? Evidence = null);
