using Monitor.TestSupport;

namespace Monitor.Ops.Tests;

/// <summary>prometheus/: the config and rules pass promtool, and the alerting rules behave as their unit tests say.</summary>
public sealed class PrometheusRulesTests
{
    private static string Prometheus => Path.Combine(Repository.Root, "prometheus");

    [Fact]
    public async Task Promtool_Config_Succeeds_WithTheScrapeTokenFileInPlace()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        // The full check opens the credentials file, which compose mounts from a secret; here a copy
        // of the directory points at a token file of the test's own.
        var copy = Directory.CreateTempSubdirectory("prometheus-config-");
        try
        {
            foreach (var file in Directory.GetFiles(Prometheus, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(Prometheus, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var token = Path.Combine(copy.FullName, "metrics-token");
            await File.WriteAllTextAsync(token, "a-scrape-token-of-the-tests-0123456789", TestContext.Current.CancellationToken);
            var config = Path.Combine(copy.FullName, "prometheus.yml");
            var text = await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken);
            Assert.Contains(SecretPath, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, text.Replace(SecretPath, token, StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var (exitCode, output) = await ExternalProcess.RunInAsync(copy.FullName, promtool, "check", "config", "prometheus.yml");

            Assert.True(exitCode == 0, output);
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private const string SecretPath = "/run/secrets/monitor-metrics-token";

    [Theory]
    [InlineData("check", "rules", "rules/pipeline-recording.yml")]
    [InlineData("check", "rules", "rules/pipeline-alerts.yml")]
    [InlineData("test", "rules", "tests/pipeline-alerts.test.yml")]
    public async Task Promtool_RulesAndRuleTests_Succeed(string command, string what, string file)
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");

        var (exitCode, output) = await ExternalProcess.RunInAsync(Prometheus, promtool, command, what, file);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }
}
