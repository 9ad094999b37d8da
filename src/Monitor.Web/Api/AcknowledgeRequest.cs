namespace Monitor.Web.Api;

/// <summary>Body of POST /api/alerts/{id}/acknowledge.</summary>
/// <param name="Comment">Why, or what is being done (at most 2000 characters).</param>
/// <param name="Duration">How long the acknowledgement lasts (e.g. "00:30:00"); absent: until the alert resolves.</param>
public sealed record AcknowledgeRequest(string? Comment = null, TimeSpan? Duration = null)
{
    public const int MaxComment = 2000;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Comment is { Length: > MaxComment })
        {
            errors["comment"] = [$"At most {MaxComment} characters."];
        }
        if (Duration is { } duration && (duration < MinDuration || duration > MaxDuration))
        {
            errors["duration"] = ["Between 00:01:00 and 7.00:00:00."];
        }
        return errors;
    }
}
