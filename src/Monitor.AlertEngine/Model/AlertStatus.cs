using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Monitor.AlertEngine.Model;

/// <summary>
/// An alert's lifecycle states. On the wire (JSON, MessagePack) and in the store they are the
/// lower-case words below; <see cref="AlertWire"/> converts.
/// </summary>
public enum AlertStatus
{
    [JsonStringEnumMemberName("firing"), EnumMember(Value = "firing")]
    Firing,

    [JsonStringEnumMemberName("acknowledged"), EnumMember(Value = "acknowledged")]
    Acknowledged,

    [JsonStringEnumMemberName("resolved"), EnumMember(Value = "resolved")]
    Resolved,

    [JsonStringEnumMemberName("expired"), EnumMember(Value = "expired")]
    Expired,
}
