using System.Security.Cryptography;
using System.Text;

namespace Monitor.AlertEngine.Rules;

/// <summary>The identity of a problem: rule + scope labels, hashed so that it is short and fixed-size.</summary>
internal static class Fingerprint
{
    public static string Of(string rule, IReadOnlyDictionary<string, string> scope)
    {
        var text = new StringBuilder(rule);
        foreach (var (name, value) in scope.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            // Lengths make the encoding unambiguous whatever the label values hold.
            text.Append('\u001f').Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }
}
