namespace Monitor.AlertEngine.Storage;

/// <summary>A conditional write lost its race too many times in a row; the caller retries later.</summary>
internal sealed class AlertWriteConflictException(string message) : Exception(message);
