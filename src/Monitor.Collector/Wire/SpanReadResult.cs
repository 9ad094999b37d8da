namespace Monitor.Collector.Wire;

/// <summary>What reading a trace export found: spans seen, spans rejected and why (the first reason), values cut.</summary>
internal struct SpanReadResult
{
    public long Received;
    public long Rejected;
    public string? FirstError;
    public int MaxTextLength;
    public SpanTruncations Truncations;

    public void Reject(string error, long count = 1)
    {
        Rejected += count;
        FirstError ??= error;
    }
}
