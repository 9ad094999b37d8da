using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.AlertEngine.Notifications;

/// <summary>The JSON of webhook bodies: the API's (camelCase, enums by their wire names).</summary>
internal static class NotificationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
