using Monitor.TestSupport;

namespace Monitor.Ops.Tests;

/// <summary>alertmanager/: the configuration shipped next to the monitor passes Alertmanager's own check.</summary>
public sealed class AlertmanagerConfigTests
{
    [Fact]
    public async Task Amtool_ShippedConfig_Succeeds()
    {
        var amtool = ExternalTool.Require("amtool", "prometheus-alertmanager");

        var (exitCode, output) = await ExternalProcess.RunInAsync(Path.Combine(Repository.Root, "alertmanager"), amtool, "check-config", "alertmanager.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }
}
