
namespace Monitor.AlertEngine.Model;

/// <summary>What acknowledging an alert did.</summary>
public enum AcknowledgeResult
{
    /// <summary>The alert was firing and is now acknowledged.</summary>
    Acknowledged,

    /// <summary>It was acknowledged already: nothing changed (acknowledging is idempotent).</summary>
    AlreadyAcknowledged,

    /// <summary>It is resolved or expired: there is nothing left to acknowledge (REST: 409).</summary>
    AlreadyClosed,

    /// <summary>No alert has this id (REST: 404).</summary>
    NotFound,
}

/// <summary>The result and the alert as it stands after it (null when not found).</summary>
public sealed record AcknowledgeOutcome(AcknowledgeResult Result, PerformanceAlert? Alert);

/// <summary>What withdrawing an acknowledgement did.</summary>
public enum UnacknowledgeResult
{
    /// <summary>The alert was acknowledged and fires again.</summary>
    Unacknowledged,

    /// <summary>It was firing, not acknowledged: nothing changed (idempotent).</summary>
    NotAcknowledged,

    /// <summary>It is resolved or expired (REST: 409).</summary>
    AlreadyClosed,

    /// <summary>No alert has this id (REST: 404).</summary>
    NotFound,
}

/// <summary>The result and the alert as it stands after it (null when not found).</summary>
public sealed record UnacknowledgeOutcome(UnacknowledgeResult Result, PerformanceAlert? Alert);
