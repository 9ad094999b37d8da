using BenchmarkDotNet.Running;
using Monitor.Benchmarks;

// dotnet run -c Release --project tests/Monitor.Benchmarks -- --filter '*'           BenchmarkDotNet hot paths
// dotnet run -c Release --project tests/Monitor.Benchmarks -- alert-latency [N]      span -> stored/published alert
// (see docs/performance.md)
if (args is ["alert-latency", ..])
{
    return await AlertLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
}
BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmarks).Assembly).Run(args);
return 0;
