namespace Monitor.Collector.Wire;

/// <summary>An OTLP body that is not valid protobuf: answered 400 / INVALID_ARGUMENT, never retried.</summary>
internal sealed class MalformedOtlpException(string message) : Exception(message);
