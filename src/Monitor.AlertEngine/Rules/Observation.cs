namespace Monitor.AlertEngine.Rules;

/// <summary>
/// One value a window rule read from a snapshot, for a scope: the pipeline (<see cref="Job"/>) and,
/// for rules kept per resource type, one more label. A null <see cref="Value"/> means too little
/// evidence (fewer samples than MinSamples): neither a breach nor a clear.
/// </summary>
internal readonly record struct Observation(string Job, double? Value, string? Label = null, string? LabelValue = null)
{
    public IReadOnlyDictionary<string, string> Scope()
    {
        var scope = new Dictionary<string, string>(2, StringComparer.Ordinal) { ["job"] = Job };
        if (Label is not null && LabelValue is not null)
        {
            scope[Label] = LabelValue;
        }
        return scope;
    }
}
