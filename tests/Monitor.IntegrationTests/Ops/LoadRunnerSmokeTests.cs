using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Ops;

/// <summary>The load runner keeps working: every scenario runs for a few seconds without failing and reports (goals are not judged here).</summary>
// Alone: its scenarios saturate both cores on purpose, and a test beside it (a real Prometheus
// scraping every second) would be measuring them.
[Collection(nameof(LoadRunnerSmokeTests))]
public sealed class LoadRunnerSmokeTests
{
    [Fact]
    public async Task LoadRunner_Smoke_EveryScenarioWritesItsReport()
    {
        var runner = Path.Combine(Repository.Root, "loadtests", "Monitor.LoadTests", "bin", Repository.Configuration, "net10.0", "Monitor.LoadTests");
        var output = Directory.CreateTempSubdirectory("load-smoke-");
        try
        {
            var (exitCode, log) = await ExternalProcess.RunInAsync(Repository.Root, runner, "all", "--smoke", "--out", output.FullName);

            Assert.True(exitCode == 0, log);
            var markdown = await File.ReadAllTextAsync(Directory.GetFiles(output.FullName, "load-*.md").Single(), TestContext.Current.CancellationToken);
            Assert.Single(Directory.GetFiles(output.FullName, "load-*.json"));
            Assert.Contains("Machine: ", markdown, StringComparison.Ordinal);
            // A scenario that threw is still reported, under its name, with this goal unmet.
            Assert.False(markdown.Contains("| scenario ran |", StringComparison.Ordinal), markdown);
            foreach (var scenario in new[] { "Ingest over gRPC", "Ingest over HTTP/protobuf", "10x the sustainable rate", "Alert latency", "Fan-out", "Scrape /metrics", "Soak", "Acknowledge under load" })
            {
                Assert.Contains(scenario, markdown, StringComparison.Ordinal);
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}

/// <summary>Runs the load runner's smoke test with no other test class of this assembly at the same time.</summary>
[CollectionDefinition(nameof(LoadRunnerSmokeTests), DisableParallelization = true)]
public sealed class LoadRunnerAlone;
