using Microsoft.Extensions.Options;

namespace Monitor.Web.Ui;

/// <summary>Links out must be http(s) addresses: a <c>javascript:</c> or relative template never reaches a browser.</summary>
internal sealed class ValidateUiOptions : IValidateOptions<UiOptions>
{
    public const string TraceIdPlaceholder = "{traceId}";

    public ValidateOptionsResult Validate(string? name, UiOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.TraceUrlTemplate))
        {
            if (!options.TraceUrlTemplate.Contains(TraceIdPlaceholder, StringComparison.Ordinal))
            {
                errors.Add($"Ui:TraceUrlTemplate must contain {TraceIdPlaceholder} (was '{options.TraceUrlTemplate}').");
            }
            else if (!IsHttp(options.TraceUrlTemplate.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal)))
            {
                errors.Add($"Ui:TraceUrlTemplate must be an absolute http or https address (was '{options.TraceUrlTemplate}').");
            }
        }
        if (!string.IsNullOrEmpty(options.GrafanaUrl) && !IsHttp(options.GrafanaUrl))
        {
            errors.Add($"Ui:GrafanaUrl must be an absolute http or https address (was '{options.GrafanaUrl}').");
        }
        if (options.ReconnectAttempts is < 1 or > 10_000)
        {
            errors.Add($"Ui:ReconnectAttempts must be between 1 and 10000 (was {options.ReconnectAttempts}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttp(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
