using Microsoft.Extensions.Options;

namespace Monitor.Collector.Configuration;

/// <summary>Collects every configuration error of the collector, each naming the key to fix.</summary>
internal sealed class ValidateCollectorOptions : IValidateOptions<CollectorOptions>, IValidateOptions<OtlpOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var errors = new List<string>();
        const string S = CollectorOptions.SectionName;
        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:Window must be between 00:00:01 and 01:00:00 (was {options.Window}).");
        }
        if (options.SnapshotInterval < TimeSpan.FromMilliseconds(100) || options.SnapshotInterval > options.Window)
        {
            errors.Add($"{S}:SnapshotInterval must be at least 00:00:00.1 and at most {S}:Window (was {options.SnapshotInterval}).");
        }
        if (options.SeriesTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{S}:SeriesTtl must be at least 00:00:01 (was {options.SeriesTtl}).");
        }
        if (options.MaxSeries < 1)
        {
            errors.Add($"{S}:MaxSeries must be positive (was {options.MaxSeries}).");
        }
        if (options.MaxPipelines is < 1 or > 1_000_000)
        {
            errors.Add($"{S}:MaxPipelines must be between 1 and 1000000 (was {options.MaxPipelines}).");
        }
        if (options.MaxAttributeValueLength is < 16 or > 65_536)
        {
            errors.Add($"{S}:MaxAttributeValueLength must be between 16 and 65536 (was {options.MaxAttributeValueLength}).");
        }
        if (options.MaxResourceTypesPerPipeline is < 1 or > 100_000)
        {
            errors.Add($"{S}:MaxResourceTypesPerPipeline must be between 1 and 100000 (was {options.MaxResourceTypesPerPipeline}).");
        }
        if (options.QueueCapacity < 1)
        {
            errors.Add($"{S}:QueueCapacity must be positive (was {options.QueueCapacity}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, OtlpOptions options)
    {
        var errors = new List<string>();
        const string S = OtlpOptions.SectionName;
        if (options.MaxRequestBytes < 1024)
        {
            errors.Add($"{S}:MaxRequestBytes must be at least 1024 (was {options.MaxRequestBytes}).");
        }
        if (options.ApiKey is { Length: < 16 })
        {
            errors.Add($"{S}:ApiKey must be at least 16 characters when set.");
        }
        if (string.IsNullOrWhiteSpace(options.ApiKeyHeader))
        {
            errors.Add($"{S}:ApiKeyHeader must not be empty.");
        }
        if (options.MaxConcurrentRequests < 1)
        {
            errors.Add($"{S}:MaxConcurrentRequests must be positive (was {options.MaxConcurrentRequests}).");
        }
        if (options.RequestBodyTimeout < TimeSpan.FromMilliseconds(100) || options.RequestBodyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{S}:RequestBodyTimeout must be between 00:00:00.1 and 00:10:00 (was {options.RequestBodyTimeout}).");
        }
        if (options.MaxSchedulingDelay < TimeSpan.Zero)
        {
            errors.Add($"{S}:MaxSchedulingDelay must not be negative (was {options.MaxSchedulingDelay}; 00:00:00 turns the check off).");
        }
        if (options.MaxQueuedConnections < 0)
        {
            errors.Add($"{S}:MaxQueuedConnections must not be negative (was {options.MaxQueuedConnections}; 0 turns the check off).");
        }
        if (options.MemoryLimitPercent is < 0 or > 95)
        {
            errors.Add($"{S}:MemoryLimitPercent must be between 0 (off) and 95 (was {options.MemoryLimitPercent}).");
        }
        if (options.MemoryLimitBytes < 0)
        {
            errors.Add($"{S}:MemoryLimitBytes must not be negative (was {options.MemoryLimitBytes}; 0: Otlp:MemoryLimitPercent applies).");
        }
        if (options.RetryAfter < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{S}:RetryAfter must be at least 00:00:01 (was {options.RetryAfter}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
