using AiPipeline;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

SimulationOptions options;
try
{
    options = SimulationOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

// Created before the providers so that it is disposed after them: its instruments must still
// exist for the final flush.
using var simulator = new PipelineSimulator(options);

// OTEL_SERVICE_NAME overrides this default, as the resource detectors read it after.
var resource = ResourceBuilder.CreateDefault().AddService("ai-pipeline", serviceInstanceId: Environment.MachineName).AddEnvironmentVariableDetector();
using var tracing = Sdk.CreateTracerProviderBuilder()
    .SetResourceBuilder(resource)
    .AddSource(PipelineSimulator.Name)
    .AddOtlpExporter()
    .Build();
using var metrics = Sdk.CreateMeterProviderBuilder()
    .SetResourceBuilder(resource)
    .AddMeter(PipelineSimulator.Name)
    .AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000)
    .Build();

using var stop = options.Duration is { } duration ? new CancellationTokenSource(duration) : new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
Console.WriteLine(options.RunEvery is { } every
    ? $"AiPipeline: a run of {Math.Max(1, (int)options.ModulesPerSecond)} modules every {every.TotalSeconds} s{(options.SkipStage is { } skip ? $", without {skip}" : "")}{(options.Hang ? ", each hanging" : "")}, error rate {options.ErrorRate}. Ctrl+C stops."
    : $"AiPipeline: {options.ModulesPerSecond} modules/s, error rate {options.ErrorRate}, mean latency {options.LatencyMs} ms. Ctrl+C stops.");
try
{
    await simulator.RunAsync(stop.Token);
}
catch (OperationCanceledException)
{
}
tracing?.ForceFlush();
metrics?.ForceFlush();
return 0;
