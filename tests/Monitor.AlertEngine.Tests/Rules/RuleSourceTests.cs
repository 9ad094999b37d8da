using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Tests.Rules;

/// <summary>
/// Monitoring is reloaded without a restart; a bad reload is refused, named, and the last good
/// configuration (the whole of it, not only the rules) stays in force until a good one comes.
/// </summary>
public sealed class RuleSourceTests
{
    private sealed class Rig : IDisposable
    {
        private readonly ServiceProvider _services;

        public Rig(Dictionary<string, string?> settings)
        {
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            services.AddLastGoodConfiguration(Configuration);
            services.AddOptions<MonitoringOptions>().Bind(Configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
            services.AddSingleton<IValidateOptions<MonitoringOptions>, ValidateMonitoringOptions>();
            services.AddSingleton<AlertLog>();
            services.AddSingleton<RuleSource>();
            _services = services.BuildServiceProvider();
            Source = _services.GetRequiredService<RuleSource>();
        }

        public IConfigurationRoot Configuration { get; }

        public RuleSource Source { get; }

        public IOptionsMonitor<MonitoringOptions> Monitor => _services.GetRequiredService<IOptionsMonitor<MonitoringOptions>>();

        public IReadOnlyList<string> Refusals => _services.GetRequiredService<ConfigurationRefusals>().Current;

        public void Dispose() => _services.Dispose();
    }

    [Fact]
    public void Reload_ValidChange_NewRulesWithoutRestart()
    {
        using var rig = new Rig(new() { ["Monitoring:AlertThresholds:ErrorRate:Warning"] = "0.05" });

        rig.Configuration["Monitoring:AlertThresholds:QueueDepth:Enabled"] = "false";
        rig.Configuration["Monitoring:AlertThresholds:Custom:0:Name"] = "slow_validation";
        rig.Configuration["Monitoring:AlertThresholds:Custom:0:Metric"] = "pipeline_stage_duration_seconds";
        rig.Configuration["Monitoring:AlertThresholds:Custom:0:Aggregation"] = "p95";
        rig.Configuration["Monitoring:AlertThresholds:Custom:0:Warning"] = "2";
        rig.Configuration["Monitoring:AlertThresholds:Custom:0:Critical"] = "5";
        rig.Configuration.Reload();

        Assert.DoesNotContain(rig.Source.Current.WindowRules, r => r.Name == RuleCatalogue.QueueDepth);
        Assert.Equal("slow_validation", Assert.Single(rig.Source.Current.Custom).Name);
        Assert.Empty(rig.Refusals);
    }

    [Fact]
    public void Reload_BadValue_RefusedNamingTheKey_LastGoodStaysForEveryReader_ThenAGoodOneIsTaken()
    {
        using var rig = new Rig(new());
        var before = rig.Source.Current;

        rig.Configuration["Monitoring:AlertThresholds:ErrorRate:Warning"] = "0.5";
        rig.Configuration["Monitoring:AlertThresholds:ErrorRate:Critical"] = "0.1";
        rig.Configuration.Reload();

        Assert.Contains(rig.Refusals, e => e.Contains("Monitoring:AlertThresholds:ErrorRate:Critical must be at or above Warning", StringComparison.Ordinal));
        Assert.Same(before, rig.Source.Current);
        Assert.Equal(0.05, rig.Monitor.CurrentValue.AlertThresholds.ErrorRate.Warning);

        rig.Configuration["Monitoring:AlertThresholds:ErrorRate:Critical"] = "0.9";
        rig.Configuration.Reload();

        Assert.Empty(rig.Refusals);
        Assert.Equal(0.5, rig.Source.Current.Options.AlertThresholds.ErrorRate.Warning);
    }

    [Fact]
    public void Reload_UnparsableValue_RefusedNamingTheKey()
    {
        using var rig = new Rig(new());
        var before = rig.Source.Current;

        rig.Configuration["Monitoring:HealthCheckInterval"] = "every now and then";
        rig.Configuration.Reload();

        Assert.Contains(rig.Refusals, e => e.Contains("Monitoring:HealthCheckInterval", StringComparison.Ordinal));
        Assert.Same(before, rig.Source.Current);
        Assert.Equal(TimeSpan.FromSeconds(30), rig.Monitor.CurrentValue.HealthCheckInterval);
    }

    [Fact]
    public void Reload_SameValues_KeepsTheRulesAndTheirState()
    {
        using var rig = new Rig(new() { ["Monitoring:AlertThresholds:ErrorRate:Warning"] = "0.05" });
        var before = rig.Source.Current;

        rig.Configuration["Unrelated:Key"] = "changed";
        rig.Configuration.Reload();

        Assert.Same(before, rig.Source.Current);
    }

    [Theory]
    [InlineData("Monitoring:AlertThresholds:ErrorRate:Warning", "NaN", "Monitoring:AlertThresholds:ErrorRate:Warning must be a finite number")]
    [InlineData("Monitoring:AlertThresholds:QueueDepth:Critical", "Infinity", "Monitoring:AlertThresholds:QueueDepth:Critical must be a finite number")]
    [InlineData("Monitoring:AlertThresholds:ErrorRate:Hysteresis", "5", "Monitoring:AlertThresholds:ErrorRate:Hysteresis must be in [0, 1)")]
    [InlineData("Monitoring:AlertThresholds:SlowModule:For", "-00:00:05", "Monitoring:AlertThresholds:SlowModule:For must be between")]
    [InlineData("Monitoring:AlertThresholds:SuccessRate:Warning", "1.5", "Monitoring:AlertThresholds:SuccessRate:Warning must be a finite number between 0 and 1")]
    public void Validate_NumberOutOfItsRange_RefusedNamingTheKey(string key, string value, string message)
    {
        var options = Bind(new() { [key] = value });

        var result = new ValidateMonitoringOptions().Validate(null, options);

        Assert.Contains(result.Failures ?? [], f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Warning", "NaN", "Custom:0:Warning must be a finite number")]
    [InlineData("For", "-00:00:01", "Custom:0:For must be between")]
    [InlineData("Hysteresis", "5", "Custom:0:Hysteresis must be in [0, 1)")]
    [InlineData("Operator", "=>", "Custom:0:Operator must be one of >, >=, <, <=")]
    [InlineData("Name", "error_rate", "Custom:0:Name must be unique, not a built-in rule's name")]
    [InlineData("Name", "has space", "Custom:0:Name must be unique")]
    [InlineData("Window", "00:00:00", "Custom:0:Window must be between")]
    public void Validate_CustomRuleSetting_RefusedNamingTheKey(string setting, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Monitoring:AlertThresholds:Custom:0:Name"] = "custom",
            ["Monitoring:AlertThresholds:Custom:0:Metric"] = "some_metric",
            ["Monitoring:AlertThresholds:Custom:0:Warning"] = "1",
            ["Monitoring:AlertThresholds:Custom:0:Critical"] = "2",
        };
        settings[$"Monitoring:AlertThresholds:Custom:0:{setting}"] = value;

        var result = new ValidateMonitoringOptions().Validate(null, Bind(settings));

        Assert.Contains(result.Failures ?? [], f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryCatalogueRule_IsChecked()
    {
        foreach (var rule in RuleCatalogue.BuiltIn)
        {
            var options = Bind(new() { [$"Monitoring:AlertThresholds:{rule.ConfigKey}:Warning"] = "NaN" });

            var result = new ValidateMonitoringOptions().Validate(null, options);

            Assert.Contains(result.Failures ?? [], f => f.StartsWith($"Monitoring:AlertThresholds:{rule.ConfigKey}:Warning", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_Defaults_Pass() =>
        Assert.True(new ValidateMonitoringOptions().Validate(null, new MonitoringOptions()).Succeeded);

    private static MonitoringOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new MonitoringOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(MonitoringOptions.SectionName).Bind(options);
        return options;
    }
}
