namespace Monitor.Web.Api;

/// <summary>Body of POST /api/alerts/acknowledge: the alerts, and one comment and duration for all of them.</summary>
/// <param name="Ids">The alerts' ids, each once, at most <see cref="MaxIds"/>.</param>
internal sealed record BulkAcknowledgeRequest(IReadOnlyList<string> Ids, string? Comment = null, TimeSpan? Duration = null)
{
    /// <summary>One page of GET /api/alerts at its largest.</summary>
    public const int MaxIds = 500;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new AcknowledgeRequest(Comment, Duration).Validate();
        if (Ids is null || Ids.Count == 0)
        {
            errors["ids"] = ["At least one alert id."];
        }
        else if (Ids.Count > MaxIds)
        {
            errors["ids"] = [$"At most {MaxIds} ids."];
        }
        else if (Ids.Any(string.IsNullOrWhiteSpace))
        {
            errors["ids"] = ["Ids cannot be empty."];
        }
        else if (Ids.Distinct(StringComparer.Ordinal).Count() != Ids.Count)
        {
            errors["ids"] = ["Each id once."];
        }
        return errors;
    }
}
