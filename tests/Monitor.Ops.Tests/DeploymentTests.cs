using Monitor.TestSupport;

namespace Monitor.Ops.Tests;

/// <summary>docker-compose.yml and the Kubernetes manifests validate (no container engine or cluster runs here).</summary>
public sealed class DeploymentTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DockerCompose_ConfigWithTheExampleEnv_IsValid(bool scaleProfile)
    {
        var compose = ExternalTool.Require("docker-compose", "docker-compose");
        string[] arguments = scaleProfile
            ? ["--env-file", ".env.example", "-f", "docker-compose.yml", "--profile", "scale", "config", "-q"]
            : ["--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"];

        var (exitCode, output) = await ExternalProcess.RunInAsync(Repository.Root, compose, arguments);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task KubernetesManifests_ValidAgainstTheKubernetesSchemas()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(Repository.Root, "deploy", "k8s"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("11 manifests, 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesValidator_BrokenManifest_Refused()
    {
        var folder = Directory.CreateTempSubdirectory("k8s-broken-");
        try
        {
            var deployment = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "k8s", "deployment.yaml"), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.yaml"),
                deployment.Replace("replicas: 2", "replicas: \"two\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var (exitCode, output) = await ValidateAsync(folder.FullName);

            Assert.Equal(1, exitCode);
            Assert.Contains("FAIL broken.yaml apps/v1/Deployment", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string folder)
    {
        var npm = ExternalTool.Require("npm", "npm");
        var node = ExternalTool.Require("node", "nodejs");
        var validator = Path.Combine(Repository.Root, "deploy", "k8s", "validate");
        if (!Directory.Exists(Path.Combine(validator, "node_modules")))
        {
            var (installed, log) = await ExternalProcess.RunInAsync(validator, npm, "ci", "--no-audit", "--no-fund");
            Assert.True(installed == 0, log);
        }
        return await ExternalProcess.RunInAsync(validator, node, "validate.mjs", folder);
    }
}
