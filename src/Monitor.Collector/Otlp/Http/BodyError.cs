namespace Monitor.Collector.Otlp.Http;

internal enum BodyError
{
    None,
    TooLarge,
    UnsupportedEncoding,
    CorruptCompression,

    /// <summary>Not all of it within Otlp:RequestBodyTimeout, or below Kestrel's minimum data rate.</summary>
    TooSlow,

    /// <summary>The client closed or reset the connection before the body was complete.</summary>
    ClientAborted,
}
