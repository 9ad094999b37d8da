namespace Monitor.Web.Auth;

/// <summary>
/// Whether a token an operator chose is a secret: at least 22 characters (128 bits in base64)
/// and varied enough. The estimate is the Shannon entropy of its characters times its length; a
/// random base64 token of 22 characters scores about 90 bits, one letter repeated scores 0, a
/// short pattern repeated scores little. It cannot prove a token random, only catch the obviously not.
/// </summary>
internal static class TokenStrength
{
    public const int MinLength = 22;
    public const double MinEstimatedBits = 80;

    /// <summary>What is wrong with <paramref name="token"/>, or null when it passes.</summary>
    public static string? Weakness(string token)
    {
        if (token.Length < MinLength)
        {
            return $"must be at least {MinLength} characters (was {token.Length})";
        }
        if (token.Length > 512)
        {
            return "must be at most 512 characters";
        }
        var bits = EstimatedBits(token);
        return bits < MinEstimatedBits ? $"is too predictable (about {bits:0} bits; at least {MinEstimatedBits:0} needed: not one character or a short pattern repeated)" : null;
    }

    public static double EstimatedBits(string token)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in token)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / token.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy * token.Length;
    }
}
