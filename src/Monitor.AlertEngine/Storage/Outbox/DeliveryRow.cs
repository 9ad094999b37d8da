using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>An outbox row as Dapper reads it (times through <see cref="StoreTime"/>).</summary>
internal sealed class DeliveryRow
{
    public long Id { get; set; }
    public string AlertId { get; set; } = "";
    public string Receiver { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Event { get; set; } = "";
    public string Payload { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string State { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public string? Result { get; set; }

    /// <summary>The select list that fills this row, the same on both engines (with a table alias prefix).</summary>
    public static string Columns(string prefix) => $"""
        {prefix}id AS Id, {prefix}alert_id AS AlertId, {prefix}receiver AS Receiver, {prefix}kind AS Kind, {prefix}event AS Event,
        {prefix}payload AS Payload, {prefix}idempotency_key AS IdempotencyKey, {prefix}state AS State, {prefix}attempts AS Attempts,
        {prefix}created_at AS CreatedAt, {prefix}sent_at AS SentAt, {prefix}last_error AS LastError, {prefix}result AS Result
        """;

    public ClaimedDelivery ToClaimed() =>
        new(Id, new NotificationDelivery(AlertId, Receiver, DeliveryKinds.Parse(Kind), AlertWire.Action(Event), Payload, IdempotencyKey, CreatedAt), Attempts);

    public NotificationRecord ToRecord() => new(Receiver, Kind, AlertWire.Action(Event), State, Attempts, CreatedAt, SentAt, LastError, Result);
}
