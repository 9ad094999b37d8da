using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Tests.Rules;

/// <summary>Monitoring is reloaded without a restart; a bad reload is refused and the old rules keep running.</summary>
public sealed class RuleSourceTests
{
    private static (RuleSource Source, IConfigurationRoot Configuration) Create(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new MonitoringOptions();
        configuration.GetSection(MonitoringOptions.SectionName).Bind(options);
        var source = new RuleSource(Options.Create(options), configuration, new ValidateMonitoringOptions(), new AlertLog(NullLogger<AlertLog>.Instance));
        return (source, configuration);
    }

    [Fact]
    public void Reload_ValidChange_NewRulesWithoutRestart()
    {
        var (source, configuration) = Create(new() { ["Monitoring:AlertThresholds:ErrorRate:Warning"] = "0.05" });
        using var _ = source;

        configuration["Monitoring:AlertThresholds:QueueDepth:Enabled"] = "false";
        configuration["Monitoring:AlertThresholds:Custom:0:Name"] = "slow_validation";
        configuration["Monitoring:AlertThresholds:Custom:0:Metric"] = "pipeline_stage_duration_seconds";
        configuration["Monitoring:AlertThresholds:Custom:0:Aggregation"] = "p95";
        configuration["Monitoring:AlertThresholds:Custom:0:Warning"] = "2";
        configuration["Monitoring:AlertThresholds:Custom:0:Critical"] = "5";
        configuration.Reload();

        Assert.DoesNotContain(source.Current.WindowRules, r => r.Name == RuleSet.QueueDepth);
        Assert.Equal("slow_validation", Assert.Single(source.Current.Custom).Name);
    }

    [Fact]
    public void Reload_BadValue_RefusedNamingTheKeyAndOldRulesKeepRunning()
    {
        var (source, configuration) = Create(new());
        using var _ = source;
        var before = source.Current;

        configuration["Monitoring:AlertThresholds:ErrorRate:Warning"] = "0.5";
        configuration["Monitoring:AlertThresholds:ErrorRate:Critical"] = "0.1";
        var errors = source.Reload();

        Assert.Contains(errors, e => e.Contains("Monitoring:AlertThresholds:ErrorRate:Critical must be at or above Warning", StringComparison.Ordinal));
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Reload_UnparsableValue_Refused()
    {
        var (source, configuration) = Create(new());
        using var _ = source;
        var before = source.Current;

        configuration["Monitoring:HealthCheckInterval"] = "every now and then";
        var errors = source.Reload();

        Assert.NotEmpty(errors);
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Validate_Defaults_Pass() =>
        Assert.True(new ValidateMonitoringOptions().Validate(null, new MonitoringOptions()).Succeeded);
}
