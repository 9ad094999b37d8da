using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>A real store with something in front of it: tests override what they change.</summary>
internal class DelegatingStore(IAlertStore inner) : IAlertStore
{
    public string Provider => inner.Provider;

    public virtual Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public virtual Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken) =>
        inner.ApplyAsync(intents, cancellationToken);

    public virtual Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken) =>
        inner.AcknowledgeAsync(command, cancellationToken);

    public virtual Task<(UnacknowledgeOutcome Outcome, AlertChange? Change)> UnacknowledgeAsync(UnacknowledgeCommand command,
        CancellationToken cancellationToken) => inner.UnacknowledgeAsync(command, cancellationToken);

    public virtual Task<AlertChange?> RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken) =>
        inner.RecordSilenceAsync(alertId, silenceId, until, cancellationToken);

    public virtual Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public virtual Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) => inner.GetOpenAsync(cancellationToken);

    public virtual Task<long> GetLatestVersionAsync(CancellationToken cancellationToken) => inner.GetLatestVersionAsync(cancellationToken);

    public virtual Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken) =>
        inner.GetChangedSinceAsync(version, limit, cancellationToken);

    public virtual Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(id, cancellationToken);

    public virtual Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        inner.DeleteClosedBeforeAsync(before, cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public virtual bool RefusesForItsData(Exception error) => inner.RefusesForItsData(error);
}

/// <summary>A store whose writes fail while <see cref="Broken"/> (a store that went away), reads too.</summary>
internal sealed class BreakableStore(IAlertStore inner) : DelegatingStore(inner)
{
    public volatile bool Broken;

    public override Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken) =>
        Broken ? Task.FromException<IReadOnlyList<AlertChange>>(new IOException("store away")) : base.ApplyAsync(intents, cancellationToken);

    public override Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken) =>
        Broken ? Task.FromException<(AcknowledgeOutcome, AlertChange?)>(new IOException("store away")) : base.AcknowledgeAsync(command, cancellationToken);

    public override Task PingAsync(CancellationToken cancellationToken) =>
        Broken ? Task.FromException(new IOException("store away")) : base.PingAsync(cancellationToken);
}
