using Monitor.AlertEngine.Storage.Runs;

namespace Monitor.AlertEngine.Runs;

/// <summary>The run starts every replica and earlier process recorded, as last read from the store.</summary>
internal interface ISharedRunStarts
{
    /// <summary>Null before the first read (or while the store was never readable).</summary>
    StoredRunStarts? Latest { get; }
}
