using Microsoft.Extensions.Options;

namespace Monitor.Web.Auth;

/// <summary>Every token an operator chooses must be long and varied enough to be a secret (<see cref="TokenStrength"/>).</summary>
internal sealed class ValidateAuthOptions : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        Check(errors, "Auth:AdminToken", options.AdminToken);
        for (var i = 0; i < options.ViewerTokens.Count; i++)
        {
            Check(errors, $"Auth:ViewerTokens:{i}", options.ViewerTokens[i]);
        }
        Check(errors, "Auth:MetricsToken", options.MetricsToken);
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                errors.Add($"Auth:AllowedOrigins must hold origins such as https://monitor.example.com (was '{origin}').");
            }
        }
        if (options.SessionCheckInterval < TimeSpan.FromMilliseconds(100) || options.SessionCheckInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"Auth:SessionCheckInterval must be between 00:00:00.1 and 01:00:00 (was {options.SessionCheckInterval}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, string? token)
    {
        if (!string.IsNullOrEmpty(token) && TokenStrength.Weakness(token) is { } weakness)
        {
            errors.Add($"{key} {weakness}; make one with `openssl rand -base64 32`.");
        }
    }
}
