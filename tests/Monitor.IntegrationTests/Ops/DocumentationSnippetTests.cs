using System.Text.RegularExpressions;
using System.Xml.Linq;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Ops;

/// <summary>
/// The code in docs/instrumenting.md works as written: the .NET snippet is compiled and run as a
/// program of its own against the monitor, and what it sends arrives. The Python snippet is
/// compiled by Python, and its exporters come from the module of the transport they are for
/// (the OpenTelemetry Python packages come from PyPI, which these machines cannot reach). The
/// webhook receiver of docs/alerts.md is built and run, and takes the monitor's deliveries and
/// refuses a forged one.
/// </summary>
public sealed partial class DocumentationSnippetTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("monitor-snippet-");
    private MonitorHost _monitor = null!;

    private static string Instrumenting => File.ReadAllText(Path.Combine(Repository.Root, "docs", "instrumenting.md"));

    private static string Alerts => File.ReadAllText(Path.Combine(Repository.Root, "docs", "alerts.md"));

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task DotNetSnippet_RunAsWritten_ItsModuleSpanAndQueuedGaugeArrive()
    {
        var snippet = CodeBlock(Instrumenting, "csharp");
        var versions = PackageVersions();
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "Program.cs"), snippet, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "Snippet.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpenTelemetry" Version="{versions["OpenTelemetry"]}" />
                <PackageReference Include="OpenTelemetry.Exporter.OpenTelemetryProtocol" Version="{versions["OpenTelemetry.Exporter.OpenTelemetryProtocol"]}" />
              </ItemGroup>
            </Project>
            """, TestContext.Current.CancellationToken);

        var (built, buildOutput) = await ExternalProcess.RunInAsync(_work.FullName, "dotnet", "build");
        Assert.True(built == 0, buildOutput);
        // The snippet takes the endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, as the docs say to set it.
        var (ran, runOutput) = await ExternalProcess.RunWithEnvironmentAsync(_work.FullName, "dotnet",
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _monitor.OtlpGrpcUri.ToString() }, "run", "--no-build");
        Assert.True(ran == 0, runOutput);

        await _monitor.WaitForSampleAsync("pipeline_modules_processed_total{job=\"my-pipeline\",status=\"success\"}", 1);
        Assert.Equal(0, await _monitor.SampleAsync("pipeline_modules_queued{job=\"my-pipeline\"}"));
    }

    [Fact]
    public async Task PythonSnippet_CompilesAndTakesEachTransportsExportersFromItsOwnModule()
    {
        var python = ExternalTool.Require("python3", "python3");
        var snippet = CodeBlock(Instrumenting, "python");
        var file = Path.Combine(_work.FullName, "snippet.py");
        await File.WriteAllTextAsync(file, snippet, TestContext.Current.CancellationToken);

        var (exitCode, output) = await ExternalProcess.RunInAsync(_work.FullName, python, "-m", "py_compile", file);

        Assert.True(exitCode == 0, output);
        foreach (var import in ExporterImport().Matches(snippet).Cast<Match>())
        {
            var transport = import.Groups["transport"].Value;
            var branch = snippet[..import.Index].LastIndexOf("if ", StringComparison.Ordinal) > snippet[..import.Index].LastIndexOf("else:", StringComparison.Ordinal)
                ? "grpc" : "http";
            Assert.Equal(branch, transport);
        }
        Assert.Equal(4, ExporterImport().Count(snippet));
    }

    [Fact]
    public async Task WebhookReceiverSnippet_RunAsWritten_TakesTheMonitorsDeliveries_RefusesAForgedOne()
    {
        var cancel = TestContext.Current.CancellationToken;
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var versions = PackageVersions();
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "Program.cs"), CodeBlock(Alerts, "csharp"), cancel);
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "Receiver.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="StandardWebhooks" Version="{versions["StandardWebhooks"]}" />
              </ItemGroup>
            </Project>
            """, cancel);
        var (built, buildOutput) = await ExternalProcess.RunInAsync(_work.FullName, "dotnet", "build");
        Assert.True(built == 0, buildOutput);
        var port = FreePorts.Take(1)[0];
        using var receiver = ExternalProcess.StartWithEnvironment("dotnet", new Dictionary<string, string>
        {
            ["MONITOR_WEBHOOK_SECRET"] = secret,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        }, "run", "--no-build", "--project", Path.Combine(_work.FullName, "Receiver.csproj"));
        await Poll.UntilListeningAsync(port, receiver, "the snippet's receiver");
        await using var monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "snippet",
            ["Notifications:Webhooks:0:Url"] = $"http://127.0.0.1:{port}/hooks/monitor",
            ["Notifications:Webhooks:0:Secret"] = secret,
        });

        using (var exported = await monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.SlowModule("snippet-receiver")), cancel))
        {
            exported.EnsureSuccessStatusCode();
        }
        using var forger = new HttpClient();
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/hooks/monitor") { Content = new StringContent("{\"event\":\"resolved\"}") };
        forged.Headers.Add("webhook-id", "forged");
        forged.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(new byte[32]));
        using var answer = await forger.SendAsync(forged, cancel);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, answer.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(receiver.Output), output => output.Contains("delivery ", StringComparison.Ordinal) && output.Contains("snippet-receiver", StringComparison.Ordinal),
            "the receiver to print the monitor's delivery");
        Assert.DoesNotContain("delivery forged", receiver.Output, StringComparison.Ordinal);
    }

    /// <summary>The repository's package versions, so that a snippet is built against what the monitor uses.</summary>
    private static Dictionary<string, string> PackageVersions() =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);

    private static string CodeBlock(string markdown, string language)
    {
        var start = markdown.IndexOf("```" + language + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {language} block");
        start += language.Length + 4;
        return markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"from opentelemetry\.exporter\.otlp\.proto\.(?<transport>grpc|http)\.")]
    private static partial Regex ExporterImport();
}
