namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>A <c>run_starts</c> row as Dapper reads it.</summary>
internal sealed class RunStartRow
{
    public string Job { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
}
