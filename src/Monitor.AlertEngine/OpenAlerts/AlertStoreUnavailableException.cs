namespace Monitor.AlertEngine.OpenAlerts;

/// <summary>The store could not take a change an admin asked for; nothing was recorded, ask again later.</summary>
public sealed class AlertStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
