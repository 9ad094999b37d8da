using Monitor.Web.Contract;

namespace Monitor.Web.Api;

/// <summary>Body of POST /api/alerts/{id}/acknowledge.</summary>
/// <param name="Comment">Why, or what is being done (at most 2000 characters).</param>
/// <param name="Duration">How long the acknowledgement lasts (e.g. "00:30:00"); absent: until the alert resolves.</param>
internal sealed record AcknowledgeRequest(string? Comment = null, TimeSpan? Duration = null)
{
    public Dictionary<string, string[]> Validate() => AcknowledgementRules.Validate(Comment, Duration);
}
