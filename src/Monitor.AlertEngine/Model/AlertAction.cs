using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Monitor.AlertEngine.Model;

/// <summary>What one step of an alert's history did.</summary>
public enum AlertAction
{
    [JsonStringEnumMemberName("fired"), EnumMember(Value = "fired")]
    Fired,

    /// <summary>The severity rose while the alert was firing.</summary>
    [JsonStringEnumMemberName("escalated"), EnumMember(Value = "escalated")]
    Escalated,

    [JsonStringEnumMemberName("acknowledged"), EnumMember(Value = "acknowledged")]
    Acknowledged,

    /// <summary>An acknowledgement ended: its time ran out while the breach went on, or the severity rose.</summary>
    [JsonStringEnumMemberName("refired"), EnumMember(Value = "refired")]
    Refired,

    /// <summary>An admin withdrew an acknowledgement made by mistake: the alert fires again.</summary>
    [JsonStringEnumMemberName("unacknowledged"), EnumMember(Value = "unacknowledged")]
    Unacknowledged,

    [JsonStringEnumMemberName("resolved"), EnumMember(Value = "resolved")]
    Resolved,

    [JsonStringEnumMemberName("expired"), EnumMember(Value = "expired")]
    Expired,
}
