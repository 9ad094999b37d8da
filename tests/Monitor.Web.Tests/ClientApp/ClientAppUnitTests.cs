using Monitor.TestSupport;

namespace Monitor.Web.Tests.ClientApp;

/// <summary>The UI's own unit tests (vitest), run by the README's test command.</summary>
public sealed class ClientAppUnitTests
{
    [Fact]
    public async Task Vitest_Suite_Passes()
    {
        var npm = ExternalTool.Require("npm", "npm");
        var clientApp = Path.Combine(Repository.Root, "src", "Monitor.Web", "ClientApp");

        var (exitCode, output) = await ExternalProcess.RunInAsync(clientApp, npm, "test");

        Assert.True(exitCode == 0, output);
        Assert.Contains("passed", output, StringComparison.Ordinal);
    }
}
