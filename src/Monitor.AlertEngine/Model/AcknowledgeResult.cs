
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
