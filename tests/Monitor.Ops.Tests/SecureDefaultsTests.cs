using System.Net;
using Monitor.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Monitor.Ops.Tests;

/// <summary>
/// The shipped deployments are safe to expose as they are: docker-compose.yml (resolved by
/// docker-compose with .env.example) and the Kubernetes manifests state reading, host names and
/// ingestion keys explicitly, trust forwarded headers from the proxy's address only, lock Redis
/// down, and publish nothing that has no sign-in of its own beyond the host's loopback.
/// docs/operations.md's hardening checklist points here.
/// </summary>
public sealed class SecureDefaultsTests
{
    private static readonly string[] Monitors = ["monitor", "monitor-2"];

    [Fact]
    public async Task Compose_EachMonitor_StatesReadingHostsAndTheOtlpKey()
    {
        var services = await ComposeServicesAsync();

        foreach (var name in Monitors)
        {
            var environment = Environment(services, name);
            Assert.Equal("false", environment["Auth__AnonymousRead"]);
            Assert.False(string.IsNullOrWhiteSpace(environment["AllowedHosts"]), $"{name}: AllowedHosts");
            Assert.NotEqual("*", environment["AllowedHosts"]);
            Assert.True(environment["Otlp__ApiKey"].Length >= 16, $"{name}: Otlp__ApiKey");
            Assert.True(environment["Cluster__Key"].Length >= 32, $"{name}: Cluster__Key");
        }
    }

    [Fact]
    public async Task Compose_ForwardedHeaders_TrustedFromTheProxysAddressOnly()
    {
        // The reproduction: the whole 172.30.0.0/24, Docker's gateway included, was a trusted proxy.
        var services = await ComposeServicesAsync();

        var environment = Environment(services, "monitor");
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("ForwardedHeaders__KnownNetworks", StringComparison.Ordinal));
        var proxies = environment.Where(e => e.Key.StartsWith("ForwardedHeaders__KnownProxies", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        var proxy = (string?)((YamlMappingNode)((YamlMappingNode)services["proxy"]["networks"])["monitor"])["ipv4_address"] ?? "";
        Assert.Equal([proxy], proxies);
        Assert.True(IPAddress.TryParse(proxy, out _));
    }

    [Fact]
    public async Task Compose_Redis_NoAnonymousUser_TheMonitorsSignIn()
    {
        var services = await ComposeServicesAsync();

        var command = string.Join(' ', ((YamlSequenceNode)services["redis"]["command"]).Children.Select(c => (string)c!));
        Assert.Contains("--user default off", command, StringComparison.Ordinal);
        Assert.Contains("--user pipeline-monitor on >", command, StringComparison.Ordinal);
        Assert.Contains("&pipeline-monitor:*", command, StringComparison.Ordinal);
        Assert.Contains("user=pipeline-monitor,password=", Environment(services, "monitor")["Redis__ConnectionString"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alertmanager")]
    [InlineData("prometheus")]
    public async Task Compose_ServicesWithoutSignIn_PublishedOnLoopbackOnly(string name)
    {
        var services = await ComposeServicesAsync();

        foreach (var port in Ports(services, name))
        {
            Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Kubernetes_ConfigAndSecret_StateReadingHostsAndKeys()
    {
        var config = Data(await ManifestAsync("configmap.yaml"), "ConfigMap", "data");
        var secret = Data(await ManifestAsync("secret.example.yaml"), "Secret", "stringData");

        Assert.Equal("false", config["Auth__AnonymousRead"]);
        Assert.NotEqual("*", config["AllowedHosts"]);
        Assert.False(string.IsNullOrWhiteSpace(config["AllowedHosts"]));
        Assert.True(secret["Otlp__ApiKey"].Length >= 16);
        Assert.True(secret["Cluster__Key"].Length >= 32);
        Assert.Contains("user=", secret["Redis__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains("ssl=true", secret["Redis__ConnectionString"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_TheCollectorInFront_SendsTheOtlpKey()
    {
        var config = Data(await ManifestAsync("otel-collector.yaml"), "ConfigMap", "data")["config.yaml"];

        Assert.Contains("x-api-key: ${env:MONITOR_OTLP_API_KEY}", config, StringComparison.Ordinal);
    }

    private static async Task<YamlMappingNode> ComposeServicesAsync()
    {
        var compose = ExternalTool.Require("docker-compose", "docker-compose");
        var (exitCode, output) = await ExternalProcess.RunInAsync(Repository.Root, compose,
            "--env-file", ".env.example", "-f", "docker-compose.yml", "--profile", "scale", "config");
        Assert.True(exitCode == 0, output);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static Dictionary<string, string> Environment(YamlMappingNode services, string name) =>
        ((YamlMappingNode)((YamlMappingNode)services[name])["environment"]).Children.ToDictionary(e => (string)e.Key!, e => (string?)e.Value ?? "");

    /// <summary>Each published port as host:port:container (short form, or the long form written so).</summary>
    private static IEnumerable<string> Ports(YamlMappingNode services, string name)
    {
        if (!((YamlMappingNode)services[name]).Children.TryGetValue("ports", out var ports))
        {
            yield break;
        }
        foreach (var port in ((YamlSequenceNode)ports).Children)
        {
            if (port is YamlScalarNode scalar)
            {
                yield return (string)scalar!;
            }
            else
            {
                var mapping = (YamlMappingNode)port;
                var host = mapping.Children.TryGetValue("host_ip", out var ip) ? (string)ip! : "0.0.0.0";
                yield return $"{host}:{mapping["published"]}:{mapping["target"]}";
            }
        }
    }

    private static async Task<YamlStream> ManifestAsync(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "k8s", file), TestContext.Current.CancellationToken)));
        return yaml;
    }

    private static Dictionary<string, string> Data(YamlStream manifests, string kind, string field) =>
        ((YamlMappingNode)manifests.Documents.Select(d => (YamlMappingNode)d.RootNode).First(d => (string)d["kind"]! == kind)[field])
            .Children.ToDictionary(e => (string)e.Key!, e => (string)e.Value!);
}
