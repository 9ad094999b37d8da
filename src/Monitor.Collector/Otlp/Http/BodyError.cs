namespace Monitor.Collector.Otlp.Http;

internal enum BodyError
{
    None,
    TooLarge,
    UnsupportedEncoding,
    CorruptCompression,
}
