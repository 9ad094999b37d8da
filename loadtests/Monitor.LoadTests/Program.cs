using System.Globalization;
using Monitor.LoadTests;
using Monitor.TestSupport;

// Load scenarios against the monitor (loopback only). Reports go to loadtests/results/ (Markdown + JSON).
//   dotnet run -c Release --project loadtests/Monitor.LoadTests -- [all|ingest|overload|alert|fanout|scrape|soak|ack] [--smoke] [--soak-minutes N] [--fanout-clients N] [--fanout-groups N] [--fanout-fleet] [--warmup-seconds N] [--out DIR]
// The runner is shaped like NBomber scenarios (one class each: set-up, load, figures, goals), so that
// they can move to NBomber when a package is reachable (docs/decisions/0007).
if (await MachineSplit.RunPinnedAsync(args) is { } exitCode)
{
    return exitCode;
}
var smoke = args.Contains("--smoke");
string[] scenarios = ["all", "ingest", "overload", "alert", "fanout", "scrape", "soak", "ack"];
var which = args.FirstOrDefault(scenarios.Contains) ?? "all";
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(MonitorProcess.FindRoot(), "loadtests", "results");
var fanoutClients = args.SkipWhile(a => a != "--fanout-clients").Skip(1).Take(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
// Clients watching no pipeline keep the fleet summary, as the console does (otherwise they show alerts only).
var fanoutFleet = args.Contains("--fanout-fleet");
// Clients spread over this many watched pipelines (0: the clients watch none).
var fanoutGroups = args.SkipWhile(a => a != "--fanout-groups").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(smoke ? 4 : 0);
// On one saturated core the JIT takes about a minute to finish tiering up the ingest paths (docs/performance.md).
var ingestWarmUpSeconds = args.SkipWhile(a => a != "--warmup-seconds").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(60);
var soakMinutes = args.SkipWhile(a => a != "--soak-minutes").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(30);
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
// The command as run, without --out: what reproduces the report.
var arguments = args.Where((a, i) => a != "--out" && (i == 0 || args[i - 1] != "--out"));
var command = $"dotnet run -c {configuration} --project loadtests/Monitor.LoadTests -- {(arguments.Any() ? string.Join(' ', arguments) : "all")}";
bool Runs(string scenario) => which == "all" || which == scenario;

var reports = new List<Report>();
var header = $"# Load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({(smoke ? "smoke" : "full")}, {configuration})\n\nMachine: {MachineSplit.Description}.";

// A scenario that throws is reported as failed and the others still run.
async Task Run(string name, Func<Task<Report>> scenario)
{
    try
    {
        reports.Add(await scenario());
    }
    catch (Exception error)
    {
        var failed = new Report(name, command);
        failed.Goal("scenario ran", false, error.GetType().Name + ": " + error.Message);
        reports.Add(failed);
    }
    Console.Error.WriteLine($"done: {reports[^1].Scenario}");
}
var ingestTime = smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30);
if (Runs("ingest"))
{
    await using var monitor = await MonitorProcess.StartAsync(configuration);
    // Both transports warm first, untimed: they share the span reader, and whichever ran first used
    // to be measured while the JIT still ran its instrumented (profiling) code (a profile of the
    // gRPC run, then first, showed a quarter of the CPU in the runtime's PGO helpers).
    var warmUp = smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(ingestWarmUpSeconds);
    await IngestScenario.RunAsync(monitor, grpc: true, exporters: smoke ? 2 : 8, warmUp, command);
    await IngestScenario.RunAsync(monitor, grpc: false, exporters: smoke ? 2 : 8, warmUp, command);
    await Run("Ingest over gRPC", async () => (await IngestScenario.RunAsync(monitor, grpc: true, exporters: smoke ? 2 : 8, ingestTime, command)).Report);
    await Run("Ingest over HTTP/protobuf", async () => (await IngestScenario.RunAsync(monitor, grpc: false, exporters: smoke ? 2 : 8, ingestTime, command)).Report);
}
if (Runs("overload"))
{
    // The Kubernetes limit (deploy/k8s, 1 GiB) as the runtime sees a container's: the memory limiter's
    // 80 % is then taken of it, as in the deployment; and the image's first-generation budget (Dockerfile).
    await using var monitor = await MonitorProcess.StartAsync(configuration, new Dictionary<string, string>
    {
        ["DOTNET_GCHeapHardLimit"] = "0x40000000",
        ["DOTNET_GCgen0size"] = "0x8000000",
    });
    await Run("Ingest at 10x the sustainable rate (overload)", async () =>
    {
        var sustainable = await IngestScenario.RunAsync(monitor, grpc: false, exporters: smoke ? 2 : 8, ingestTime, command);
        return await OverloadScenario.RunAsync(monitor, sustainable, maxInFlight: smoke ? 20 : 1000, ingestTime, command);
    });
}
if (Runs("alert"))
{
    // The monitor hands its alerts to the same Alertmanager that Prometheus' rule goes through.
    var alertmanagerPort = PrometheusAlertmanager.Missing() is null ? FreePorts.Take(1)[0] : (int?)null;
    // The split of the figures reads each alert's notifications afterwards: hundreds of API calls at once.
    var settings = new Dictionary<string, string> { ["RateLimit__ApiPerSecond"] = "100000" };
    if (alertmanagerPort is { } port)
    {
        settings["Notifications__Alertmanagers__0__Url"] = $"http://127.0.0.1:{port}/";
    }
    await using var monitor = await MonitorProcess.StartAsync(configuration, settings);
    await Run("Alert latency", () => AlertLatencyScenario.RunAsync(monitor, smoke ? 10 : 200, alertmanagerPort, command));
}
if (Runs("fanout"))
{
    foreach (var clients in smoke ? [20] : fanoutClients.Length > 0 ? fanoutClients : [1000, 5000])
    {
        await using var monitor = await MonitorProcess.StartAsync(configuration);
        await Run($"Fan-out to {clients}", () => FanOutScenario.RunAsync(monitor, clients, smoke ? 3 : 20, command, fanoutGroups, fanoutFleet));
    }
}
if (Runs("scrape"))
{
    foreach (var series in smoke ? new[] { 2000 } : [10_000, 100_000])
    {
        await using var monitor = await MonitorProcess.StartAsync(configuration, new Dictionary<string, string> { ["Collector__MaxSeries"] = "200000" });
        // The largest also while ingesting 100,000 spans/s: does a scrape hold up ingestion?
        var ingest = series == 100_000 ? 100_000 : smoke ? 5_000 : 0;
        await Run($"Scrape /metrics with {series}", () => ScrapeScenario.RunAsync(monitor, series, smoke ? 3 : 10, command, ingest, smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5),
            smoke ? 1 : 5));
    }
}
if (Runs("soak"))
{
    await using var monitor = await MonitorProcess.StartAsync(configuration);
    await Run("Soak", () => SoakScenario.RunAsync(monitor, smoke ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(soakMinutes), smoke ? 5000 : 20_000, command));
}
if (Runs("ack"))
{
    // 200 acknowledgements/s from one address exceed the default API limit (100/s per address).
    var settings = new Dictionary<string, string> { ["RateLimit__ApiPerSecond"] = "1000" };
    var ackTime = smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);
    foreach (int? ingestRate in new int?[] { 100_000, null })
    {
        await using var monitor = await MonitorProcess.StartAsync(configuration, settings);
        await Run("Acknowledge under load", () => AcknowledgeScenario.RunAsync(monitor, smoke ? 20 : 200, ackTime, ingestRate, command));
    }
}

Report.Write(reports, output, header);
return reports.Count > 0 ? 0 : 2;
