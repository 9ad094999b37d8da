
namespace Monitor.AlertEngine.Model;

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
