namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>The stored names of <see cref="DeliveryKind"/>.</summary>
internal static class DeliveryKinds
{
    public static string Name(DeliveryKind kind) => kind switch
    {
        DeliveryKind.Alerts => "alerts",
        DeliveryKind.Silence => "silence",
        DeliveryKind.Unsilence => "unsilence",
        DeliveryKind.Webhook => "webhook",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static DeliveryKind Parse(string name) => name switch
    {
        "alerts" => DeliveryKind.Alerts,
        "silence" => DeliveryKind.Silence,
        "unsilence" => DeliveryKind.Unsilence,
        "webhook" => DeliveryKind.Webhook,
        _ => throw new FormatException($"unknown delivery kind '{name}'"),
    };
}
