namespace Monitor.Web.Api;

/// <summary>Body of POST /api/alerts/{id}/unacknowledge.</summary>
/// <param name="Comment">Why the acknowledgement is withdrawn (at most 2000 characters); kept in the alert's history.</param>
internal sealed record UnacknowledgeRequest(string? Comment = null)
{
    public Dictionary<string, string[]> Validate() => new AcknowledgeRequest(Comment).Validate();
}
