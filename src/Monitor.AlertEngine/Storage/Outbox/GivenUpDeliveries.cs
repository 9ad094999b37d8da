namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>Deliveries the outbox gave up in a span of time: how many, and the latest's receiver and last error.</summary>
internal sealed record GivenUpDeliveries(long Count, string? LatestReceiver, string? LatestError);
