namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>The statements of the notification outbox, one implementation per engine.</summary>
internal interface IOutboxStatements
{
    /// <summary>Queues a delivery once per @IdempotencyKey (run in the transaction of the transition it reports).</summary>
    string Insert { get; }

    /// <summary>
    /// Leases to @claimant until @until at most @limit due deliveries nobody holds, each only once every
    /// earlier delivery to the same receiver about the same alert is done (so a silence is made before
    /// it is expired), and a post to an Alertmanager only once the alert's earlier silence changes are
    /// done (a resolution must not arrive silenced, or Alertmanager never reports it and will not page
    /// the next occurrence); answers the claimed rows.
    /// </summary>
    string Claim { get; }

    string Complete { get; }

    string Retry { get; }

    string Fail { get; }

    /// <summary>How many were given up since @since, and the latest's receiver and error (no row at all: none).</summary>
    string GivenUpSince { get; }

    string OfAlert { get; }

    string Pending { get; }

    /// <summary>When the next pending delivery may be claimed (its due time, or its lease's end).</summary>
    string NextDue { get; }

    string DeleteDoneBefore { get; }
}
