namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>What a delivery does at its receiver.</summary>
internal enum DeliveryKind
{
    /// <summary>Posts alerts (a frozen JSON array of Alertmanager's postable alerts) to one Alertmanager.</summary>
    Alerts,

    /// <summary>Creates the silence of an acknowledgement (frozen JSON postable silence); the id is recorded on the alert.</summary>
    Silence,

    /// <summary>Expires the alert's recorded silence, whatever it is by then.</summary>
    Unsilence,

    /// <summary>Posts a frozen webhook body.</summary>
    Webhook,
}
