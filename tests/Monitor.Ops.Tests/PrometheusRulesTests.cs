using Monitor.TestSupport;

namespace Monitor.Ops.Tests;

/// <summary>prometheus/: the config and rules pass promtool, and the alerting rules behave as their unit tests say.</summary>
public sealed class PrometheusRulesTests
{
    private static string Prometheus => Path.Combine(Repository.Root, "prometheus");

    [Theory]
    [InlineData("check", "config", "prometheus.yml")]
    [InlineData("check", "rules", "rules/pipeline-recording.yml")]
    [InlineData("check", "rules", "rules/pipeline-alerts.yml")]
    [InlineData("test", "rules", "tests/pipeline-alerts.test.yml")]
    public async Task Promtool_ConfigRulesAndRuleTests_Succeed(string command, string what, string file)
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");

        var (exitCode, output) = await ExternalProcess.RunInAsync(Prometheus, promtool, command, what, file);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }
}
