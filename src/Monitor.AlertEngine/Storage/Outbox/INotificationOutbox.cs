namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>
/// The notification outbox in the alert store: deliveries are written with the transitions they
/// report (<see cref="IAlertRows.AddDeliveriesAsync"/>), then claimed, sent and completed
/// here. A claim is a lease: a replica that dies holding it lets it lapse, and another sends the
/// delivery again (at least once; receivers drop repeats by idempotency key).
/// </summary>
internal interface INotificationOutbox : INotificationLog
{
    /// <summary>Leases up to <paramref name="limit"/> due deliveries to <paramref name="claimant"/>, oldest first.</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    Task CompleteAsync(long id, string claimant, DateTimeOffset at, string? result, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the delivery due again at <paramref name="due"/>.</summary>
    Task RetryAsync(long id, string claimant, DateTimeOffset due, string error, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and gives the delivery up (state failed) at <paramref name="at"/>.</summary>
    Task FailAsync(long id, string claimant, DateTimeOffset at, string error, CancellationToken cancellationToken);

    /// <summary>Deliveries given up since <paramref name="since"/>: how many, and the latest's receiver and error.</summary>
    Task<GivenUpDeliveries> GivenUpSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>When the next pending delivery may be claimed; null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>Deletes sent and failed deliveries made before <paramref name="before"/>.</summary>
    Task<int> DeleteDoneBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
