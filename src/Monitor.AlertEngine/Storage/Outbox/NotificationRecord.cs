using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>
/// One notification of an alert, as its history shows it: to which receiver, for which transition,
/// whether it was sent (or failed for good, or is still being tried), and what came back (a
/// silence's id).
/// </summary>
/// <param name="Kind">alerts (to an Alertmanager), silence, unsilence, webhook.</param>
/// <param name="State">pending, sent or failed.</param>
public sealed record NotificationRecord(string Receiver, string Kind, AlertAction Event, string State, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, string? LastError, string? Result);
