using System.Globalization;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Rules;
using Monitor.Collector;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;
using Monitor.Collector.Prometheus;

namespace Monitor.AlertEngine.Tests.Fuzzing;

/// <summary>
/// Configuration and rules under random values, bounded in time: every configuration is either
/// refused with the key to fix or yields rules that evaluate any observation (NaN and infinities
/// included) without throwing; no observation that is not a number fires or clears an alert.
/// </summary>
public sealed class RuleAndConfigurationFuzzTests
{
    private const int Seconds = 4;

    private static readonly string[] Numbers = ["0", "1", "-1", "0.05", "0.2", "1e308", "-1e308", "NaN", "Infinity", "-Infinity", "abc", "", "5", "100", "1.5"];
    private static readonly string[] Spans = ["00:00:00", "00:00:01", "-00:00:05", "01:00:00", "2.00:00:00", "soon", "00:00:00.001", "10675199.02:48:05.4775807"];
    private static readonly string[] Words = [">", ">=", "<", "<=", "=>", "", "last", "sum", "avg", "rate", "p95", "p100", "error_rate", "custom_rule", "bad name", "x"];

    private static readonly string[] Keys =
    [
        "Monitoring:AlertThresholds:ErrorRate:Warning", "Monitoring:AlertThresholds:ErrorRate:Critical", "Monitoring:AlertThresholds:ErrorRate:Hysteresis",
        "Monitoring:AlertThresholds:ErrorRate:For", "Monitoring:AlertThresholds:ErrorRate:MinSamples", "Monitoring:AlertThresholds:QueueDepth:Warning",
        "Monitoring:AlertThresholds:SuccessRate:Critical", "Monitoring:AlertThresholds:SlowModule:Warning", "Monitoring:AlertThresholds:PipelineInactivity:Warning",
        "Monitoring:AlertThresholds:Custom:0:Name", "Monitoring:AlertThresholds:Custom:0:Metric", "Monitoring:AlertThresholds:Custom:0:Operator",
        "Monitoring:AlertThresholds:Custom:0:Aggregation", "Monitoring:AlertThresholds:Custom:0:Warning", "Monitoring:AlertThresholds:Custom:0:Critical",
        "Monitoring:AlertThresholds:Custom:0:Window", "Monitoring:AlertThresholds:Custom:0:Hysteresis", "Monitoring:AlertThresholds:Custom:0:For",
        "Monitoring:HealthCheckInterval", "Monitoring:AlertExpiry", "Monitoring:MetricsRetentionDays",
        "Collector:MaxSeries", "Collector:MaxPipelines", "Collector:Window", "Collector:SnapshotInterval", "Collector:MaxAttributeValueLength",
        "Otlp:MaxRequestBytes", "Otlp:MaxConcurrentRequests", "Otlp:RetryAfter", "Otlp:MemoryLimitPercent", "Otlp:MemoryLimitBytes", "Otlp:MaxQueuedConnections",
    ];

    private static readonly Gen<string> Value = Gen.OneOf(Gen.OneOf(Numbers), Gen.OneOf(Spans), Gen.OneOf(Words), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<Dictionary<string, string?>> Settings =
        Gen.Select(Gen.OneOf(Keys), Value).Array[0, 10].Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => (string?)g.Last().Item2));

    private static readonly Gen<double> Observation = Gen.Frequency(
        (6, Gen.Double[-1000, 100_000]), (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, 1.0)));

    [Fact]
    public void AnyConfiguration_RefusedNamingAKeyOrValid_ValidRulesEvaluateAnything()
    {
        Gen.Select(Settings, Observation.Array[8]).Sample((settings, observations) =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            using var services = new ServiceCollection().AddLogging().AddMonitorCollector(configuration).AddMonitorAlertEngine(configuration).BuildServiceProvider();
            MonitoringOptions monitoring;
            try
            {
                _ = services.GetRequiredService<IOptions<CollectorOptions>>().Value;
                _ = services.GetRequiredService<IOptions<OtlpOptions>>().Value;
                monitoring = services.GetRequiredService<IOptions<MonitoringOptions>>().Value;
            }
            catch (OptionsValidationException refused)
            {
                Assert.All(refused.Failures, f => Assert.Matches("^(Monitoring|Collector|Otlp):", f));
                return;
            }
            catch (InvalidOperationException unconvertible)
            {
                Assert.Contains("Failed to convert configuration value", unconvertible.Message, StringComparison.Ordinal);
                return;
            }
            Evaluate(new RuleSet(monitoring), observations);
        }, iter: 1_000_000, time: Seconds, threads: 1, writeLine: Report);
    }

    [Fact]
    public void Threshold_ObservationThatIsNotANumber_NeitherFiresNorClears()
    {
        Gen.Select(Gen.OneOf(ThresholdOperators.Symbols.ToArray()), Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity)).Sample((symbol, value) =>
        {
            Assert.True(ThresholdOperators.TryParse(symbol, out var op));
            var threshold = new Threshold(10, op.HigherIsWorse() ? 20 : 5, op, TimeSpan.Zero, 0.1);

            Assert.Equal(Threshold.Decision.None, threshold.Decide("f", value, Alerts.T0));
        }, iter: 100, threads: 1);
    }

    private static void Evaluate(RuleSet rules, double[] values)
    {
        var breaches = new List<RuleBreach>();
        var clears = new List<string>();
        var snapshot = new PipelineSnapshot(Alerts.T0,
            new PipelineMetrics("fuzzed", 0, 0, values[0], values[1], values[2], (long)Math.Clamp(values[3], 0, 1e9),
                new Dictionary<string, long>(), new Dictionary<string, double> { ["t"] = values[4] }, new Dictionary<string, StagePerformance>()),
            new PipelineStatus("fuzzed", true, 0, (long)Math.Clamp(values[5], -1e9, 1e9), 0, Alerts.T0.AddSeconds(-Math.Clamp(values[6], 0, 1e6)), 1));
        foreach (var rule in rules.WindowRules)
        {
            rule.Evaluate(snapshot, Alerts.T0, breaches, clears);
        }
        var span = new PipelineSpan("fuzzed", "i", PipelineStage.ModuleGeneration, false, values[7], Alerts.T0,
            new TraceId((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64()), new SpanId((ulong)Random.Shared.NextInt64()), "m", null, null, double.IsFinite(values[4]) ? Math.Clamp(values[4], 0, 1) : null, null, 0, 0);
        foreach (var rule in rules.EventRules)
        {
            rule.Evaluate(span, Alerts.T0);
        }
        foreach (var rule in rules.Custom)
        {
            rule.Evaluate(new FixedSeries(values), Alerts.T0, breaches, clears);
        }
        Assert.All(breaches, b => Assert.True(double.IsFinite(b.Value), $"{b.Rule} fired on {b.Value}"));
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>Any metric a custom rule asks for: one series per value, the job's.</summary>
    private sealed class FixedSeries(double[] values) : ISeriesReader
    {
        public IReadOnlyList<SeriesSample> Read(string metricName) =>
            [.. values.Select(v => new SeriesSample([new("job", "fuzzed")], v, null, false, TimeSpan.FromMinutes(5)))];
    }
}
