using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Monitor.AlertEngine.Model;

/// <summary>Severities in rising order: a higher value is worse.</summary>
public enum AlertSeverity
{
    [JsonStringEnumMemberName("warning"), EnumMember(Value = "warning")]
    Warning = 1,

    [JsonStringEnumMemberName("critical"), EnumMember(Value = "critical")]
    Critical = 2,
}
