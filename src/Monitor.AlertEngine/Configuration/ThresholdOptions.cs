namespace Monitor.AlertEngine.Configuration;

/// <summary>One built-in rule's settings.</summary>
public sealed class ThresholdOptions
{
    public bool Enabled { get; set; } = true;

    public double Warning { get; set; }

    public double Critical { get; set; }

    /// <summary>Window rules: fewer spans than this in the window never breach (too little evidence).</summary>
    public int MinSamples { get; set; }

    /// <summary>The breach must last this long before the alert fires.</summary>
    public TimeSpan For { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// A firing alert clears only once the value is back past the warning threshold by this
    /// fraction of it, so a value hovering at the threshold does not flap.
    /// </summary>
    public double Hysteresis { get; set; } = 0.1;

    /// <summary>A runbook for this rule's alerts: Alertmanager's <c>runbook_url</c> annotation.</summary>
    public string? RunbookUrl { get; set; }
}
