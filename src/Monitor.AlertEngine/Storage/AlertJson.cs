using System.Text.Json;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage;

/// <summary>The JSON columns of an alert row (labels, data, evidence): the same text on every engine.</summary>
internal static class AlertJson
{
    public static string Labels(IReadOnlyDictionary<string, string> labels) => JsonSerializer.Serialize(labels);

    public static string Data(IReadOnlyDictionary<string, double> data) => JsonSerializer.Serialize(data);

    public static string Evidence(IReadOnlyList<AlertEvidence> evidence) => JsonSerializer.Serialize(evidence);

    public static IReadOnlyDictionary<string, string> ReadLabels(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static IReadOnlyDictionary<string, double> ReadData(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    public static IReadOnlyList<AlertEvidence> ReadEvidence(string json) =>
        JsonSerializer.Deserialize<List<AlertEvidence>>(json) ?? [];
}
