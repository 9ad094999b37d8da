using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Monitor.Collector.Configuration;

/// <summary>
/// OTLP ports that listen beyond loopback need <c>Otlp:ApiKey</c>: otherwise anything that can reach
/// them (every host on the network, every container beside the monitor) may send telemetry that
/// raises alerts and fills /metrics. The embedded default listens on localhost; the container
/// image listens on every address, so it starts only with a key, or with <c>Otlp:AllowAnonymous</c>
/// for a network where the operator has decided that anyone may send.
/// </summary>
internal sealed class ValidateOtlpExposure(IConfiguration configuration) : IValidateOptions<OtlpOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey) || options.AllowAnonymous)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        foreach (var (key, url) in Listeners())
        {
            if (!LoopbackOnly(url))
            {
                errors.Add($"Otlp:ApiKey must be set: {key} ({url}) listens beyond loopback, where any client could send telemetry "
                    + "(or set Otlp:AllowAnonymous=true to accept that).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The addresses OTLP is served on: its own endpoints, or, when the endpoints are not configured by name, every URL the host listens on.</summary>
    private IEnumerable<(string Key, string Url)> Listeners()
    {
        var named = false;
        foreach (var endpoint in new[] { "OtlpGrpc", "OtlpHttp" })
        {
            var key = $"Kestrel:Endpoints:{endpoint}:Url";
            if (configuration[key] is { Length: > 0 } url)
            {
                named = true;
                yield return (key, url);
            }
        }
        if (!named && configuration["urls"] is { Length: > 0 } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return ("urls", url);
            }
        }
    }

    private static bool LoopbackOnly(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        rest = rest.Split('/')[0];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)]
            : rest.LastIndexOf(':') is var colon and >= 0 ? rest[..colon] : rest;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
