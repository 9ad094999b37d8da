namespace Monitor.Web.Contract;

/// <summary>What an acknowledgement may carry, the same over REST and the hub.</summary>
internal static class AcknowledgementRules
{
    public const int MaxComment = 2000;

    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    /// <summary>The problems with a comment and a duration, by field name (empty when there are none).</summary>
    public static Dictionary<string, string[]> Validate(string? comment, TimeSpan? duration)
    {
        var errors = new Dictionary<string, string[]>();
        if (comment is { Length: > MaxComment })
        {
            errors["comment"] = [$"At most {MaxComment} characters."];
        }
        if (duration is { } value && (value < MinDuration || value > MaxDuration))
        {
            errors["duration"] = ["Between 00:01:00 and 7.00:00:00."];
        }
        return errors;
    }
}
