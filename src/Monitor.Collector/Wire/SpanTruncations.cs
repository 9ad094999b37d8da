namespace Monitor.Collector.Wire;

/// <summary>Values cut to the length limit while reading, per field.</summary>
internal struct SpanTruncations
{
    public long ServiceName;
    public long Instance;
    public long ModuleId;
    public long RunId;
    public long ResourceId;
    public long ResourceType;
    public long Model;
}
