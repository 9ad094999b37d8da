using System.Net;
using System.Net.Http.Headers;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Auth;

/// <summary>Without Auth:AdminToken the monitor makes one on first start and keeps only its SHA-256.</summary>
public sealed class AdminTokenTests : IAsyncLifetime
{
    private DirectoryInfo _data = null!;

    private string HashFile => Path.Combine(_data.FullName, "admin-token.sha256");

    public ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-token-");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _data.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<MonitorHost> StartAsync() => MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Auth:AdminToken"] = null,
        ["Auth:TokenHashFile"] = HashFile,
    });

    [Fact]
    public async Task FirstStart_KeepsOnlyTheHash_AndTheNextStartUsesTheSameOne()
    {
        string hash;
        await using (var first = await StartAsync())
        {
            hash = await File.ReadAllTextAsync(HashFile, TestContext.Current.CancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/x/acknowledge");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
            using var response = await first.Web.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await using var second = await StartAsync();

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, await File.ReadAllTextAsync(HashFile, TestContext.Current.CancellationToken));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(HashFile));
        }
    }

    [Fact]
    public async Task FirstStart_OutputGoesToALog_TokenNotPrinted_WrittenToAnOwnerOnlyFileThatSignsIn()
    {
        // A container's output is a log that keeps what is printed: the token must not be in it.
        using var monitor = await MonitorProcess.StartAsync(new Dictionary<string, string>
        {
            ["Auth:AdminToken"] = "",
            ["Auth:TokenHashFile"] = HashFile,
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}",
        });
        var tokenFile = Path.Combine(_data.FullName, "admin-token");

        var token = (await File.ReadAllTextAsync(tokenFile, TestContext.Current.CancellationToken)).Trim();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var me = await monitor.Web.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(token, monitor.Process.Output, StringComparison.Ordinal);
        Assert.Contains(tokenFile, monitor.Process.Output, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"admin\"", await me.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }
    }
}
