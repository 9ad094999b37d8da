using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Cluster;

/// <summary>The cluster's settings, each error naming its key.</summary>
internal sealed class ValidateClusterOptions : IValidateOptions<ClusterOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        if (options.ReconcileInterval < TimeSpan.FromMilliseconds(100) || options.ReconcileInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Cluster:ReconcileInterval must be between 00:00:00.1 and 00:05:00 (was {options.ReconcileInterval}).");
        }
        if (!string.IsNullOrEmpty(options.RedisConnectionString))
        {
            if (string.IsNullOrEmpty(options.Key))
            {
                errors.Add("Cluster:Key must be set when Redis:ConnectionString is: every replica seals its messages with it (make one with `openssl rand -base64 32`).");
            }
            else if (options.Key.Length < MinKeyLength || options.Key.Distinct().Count() < 8)
            {
                errors.Add($"Cluster:Key must be at least {MinKeyLength} varied characters (make one with `openssl rand -base64 32`).");
            }
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(options.RedisConnectionString);
            }
            catch (ArgumentException error)
            {
                errors.Add($"Redis:ConnectionString is not a StackExchange.Redis connection string: {error.Message}");
            }
        }
        if (options.RedisCaCertificate is { Length: > 0 } ca && !File.Exists(ca))
        {
            errors.Add($"Redis:CaCertificate names no file ('{ca}').");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
