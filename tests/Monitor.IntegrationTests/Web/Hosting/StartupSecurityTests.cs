using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Hosting;

/// <summary>
/// A refused configuration, as an operator meets it: the process prints one line per bad key
/// and exits 1, as Prometheus does; no abort, no stack trace for a mistake in a setting.
/// </summary>
public sealed class StartupSecurityTests
{
    [Fact]
    public async Task BadSettings_OneLinePerBadKey_Exit1()
    {
        // The reproduction: a NaN threshold was refused naming the key, then the process aborted (134) with 60 lines of stack.
        var (exitCode, output) = await RunMonitorAsync(new Dictionary<string, string>
        {
            ["Monitoring__AlertThresholds__ErrorRate__Warning"] = "NaN",
            ["Otlp__ApiKey"] = "short",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Monitoring:AlertThresholds:ErrorRate:Warning must be a finite number", output, StringComparison.Ordinal);
        Assert.Contains("Otlp:ApiKey must be at least 16 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.True(output.Trim().Split('\n').Length <= 4, output);
    }

    [Theory]
    [InlineData("Monitoring__HealthCheckInterval", "abc", "Monitoring:HealthCheckInterval")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "nope", "ForwardedHeaders:KnownProxies:0 must be an address")]
    [InlineData("Storage__ConnectionString", "Data Source=/proc/no-such-folder/monitor.db", "Storage:ConnectionString names a SQLite file in a folder that cannot be made")]
    public async Task UnreadableSetting_NamedOnOneLine_Exit1(string variable, string value, string named)
    {
        var (exitCode, output) = await RunMonitorAsync(new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.True(output.Trim().Split('\n').Length <= 3, output);
    }

    [Theory]
    [InlineData("Kestrel__Endpoints__OtlpGrpc__Url", "http://0.0.0.0:0", "Otlp:ApiKey must be set: Kestrel:Endpoints:OtlpGrpc:Url (http://0.0.0.0:0) listens beyond loopback")]
    [InlineData("Kestrel__Endpoints__OtlpHttp__Url", "http://[::]:0", "Otlp:ApiKey must be set: Kestrel:Endpoints:OtlpHttp:Url (http://[::]:0) listens beyond loopback")]
    public async Task OtlpBeyondLoopbackWithoutAnApiKey_Refused(string variable, string value, string named)
    {
        // Secure by default: the container image listens on every address, so it starts only with a key.
        var (exitCode, output) = await RunMonitorAsync(new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunMonitorAsync(Dictionary<string, string> settings)
    {
        var data = Directory.CreateTempSubdirectory("monitor-refused-");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Kestrel__Endpoints__Web__Url"] = "http://127.0.0.1:0",
                ["Kestrel__Endpoints__OtlpGrpc__Url"] = "http://127.0.0.1:0",
                ["Kestrel__Endpoints__OtlpGrpc__Protocols"] = "Http2",
                ["Kestrel__Endpoints__OtlpHttp__Url"] = "http://127.0.0.1:0",
                ["Auth__AdminToken"] = MonitorHost.AdminToken,
                ["Storage__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "monitor.db")}",
            };
            foreach (var (key, value) in settings)
            {
                environment[key] = value;
            }
            return await ExternalProcess.RunWithEnvironmentAsync(data.FullName, Repository.MonitorExecutable, environment);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
