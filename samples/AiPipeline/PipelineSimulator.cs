using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiPipeline;

/// <summary>
/// Runs modules through the four stages, as spans with the pipeline.* attributes the monitor
/// reads, and reports the active / queued / in-progress counts as gauges. Latencies are simulated
/// (recorded as span times, so the simulation itself does not wait); the gauges count the
/// modules whose simulated run covers the present, with <see cref="Workers"/> of them at a time.
/// </summary>
internal sealed class PipelineSimulator(SimulationOptions options) : IDisposable
{
    public const string Name = "AiPipeline";

    private static readonly string[] ResourceTypes = ["terraform", "helm", "kustomize", "dockerfile"];
    private static readonly string[] Models = ["gpt-4o", "claude-sonnet", "llama-3-70b"];

    private readonly ActivitySource _source = new(Name);
    private readonly Meter _meter = new(Name);
    private readonly Random _random = new();
    private const int Workers = 4;
    private readonly Queue<DateTime> _moduleEnds = new();
    private readonly Lock _endsLock = new();
    private long _modules;
    private long _runs;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _meter.CreateObservableGauge("pipeline.modules.active", () => Math.Min(Running(), Workers), "{module}", "Modules being generated");
        _meter.CreateObservableGauge("pipeline.modules.queued", () => Math.Max(Running() - Workers, 0), "{module}", "Modules waiting for a worker");
        _meter.CreateObservableGauge("pipeline.resources.in_progress", () => Math.Min(Running(), Workers) * options.ResourcesPerModule,
            "{resource}", "Resources being generated");
        if (options.RunEvery is { } every)
        {
            using var runs = new PeriodicTimer(every);
            do
            {
                Run();
            }
            while (await runs.WaitForNextTickAsync(cancellationToken));
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.ModulesPerSecond));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            RunModule(default, null);
        }
    }

    /// <summary>
    /// One run: a root span "pipeline run" (pipeline.run.id) over --rate modules one after another;
    /// with --hang only the first module's generation is sent and the run never ends.
    /// </summary>
    private void Run()
    {
        var runId = $"run-{Interlocked.Increment(ref _runs)}";
        var start = DateTime.UtcNow;
        var previous = Activity.Current;
        Activity.Current = null;
        using var root = _source.StartActivity("pipeline run", ActivityKind.Internal, parentContext: default, startTime: start);
        Activity.Current = previous;
        if (root is null)
        {
            return;
        }
        root.SetTag("pipeline.run.id", runId);
        if (options.Hang)
        {
            Stage("module_generation", $"{runId}-m1", null, start, start + Latency(), false, root.Context, runId)?.Dispose();
            // Its root span is dropped unexported, as if the process hung before ending it: the
            // run stays active until it is stuck, then abandoned.
            root.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return;
        }
        var end = start;
        var modules = Math.Max(1, (int)options.ModulesPerSecond);
        for (var i = 0; i < modules; i++)
        {
            end = RunModule(root.Context, runId, end);
        }
        root.SetEndTime(end);
    }

    private int Running()
    {
        lock (_endsLock)
        {
            while (_moduleEnds.TryPeek(out var end) && end <= DateTime.UtcNow)
            {
                _moduleEnds.Dequeue();
            }
            return _moduleEnds.Count;
        }
    }

    /// <summary>One module through the stages, from <paramref name="from"/> (now when not in a run); returns when it finished.</summary>
    private DateTime RunModule(ActivityContext parent, string? runId, DateTime? from = null)
    {
        var moduleId = $"module-{Interlocked.Increment(ref _modules)}";
        var start = from ?? DateTime.UtcNow;
        var moduleFailed = Fails();
        var moduleEnd = start + Latency();
        using var module = Stage("module_generation", moduleId, null, start, moduleEnd, moduleFailed, parent, runId);
        if (moduleFailed)
        {
            return moduleEnd;
        }
        var at = moduleEnd;
        for (var i = 0; i < options.ResourcesPerModule; i++)
        {
            var resourceId = $"{moduleId}-r{i}";
            var type = ResourceTypes[_random.Next(ResourceTypes.Length)];
            var end = at + Latency() * 2;
            using (var resource = Stage("resource_generation", moduleId, resourceId, at, end, Fails(), parent, runId))
            {
                resource?.SetTag("pipeline.resource.type", type);
                resource?.SetTag("pipeline.quality.score", Math.Round(0.55 + (_random.NextDouble() * 0.45), 3));
                resource?.SetTag("gen_ai.request.model", Models[_random.Next(Models.Length)]);
                resource?.SetTag("gen_ai.usage.input_tokens", _random.Next(200, 2000));
                resource?.SetTag("gen_ai.usage.output_tokens", _random.Next(100, 4000));
            }
            at = end;
            var validated = at + (Latency() / 4);
            using (var validation = Stage("validation", moduleId, resourceId, at, validated, Fails(), parent, runId))
            {
                validation?.SetTag("pipeline.resource.type", type);
            }
            at = validated;
        }
        var finished = at + (Latency() / 10);
        using var hooks = Stage("hooks", moduleId, null, at, finished, Fails(), parent, runId);
        lock (_endsLock)
        {
            _moduleEnds.Enqueue(finished);
        }
        return finished;
    }

    private Activity? Stage(string stage, string moduleId, string? resourceId, DateTime start, DateTime end, bool failed, ActivityContext parent,
        string? runId)
    {
        if (stage == options.SkipStage)
        {
            return null;
        }
        var activity = _source.StartActivity(stage, ActivityKind.Internal, parentContext: parent, startTime: start);
        if (activity is null)
        {
            return null;
        }
        if (runId is not null)
        {
            activity.SetTag("pipeline.run.id", runId);
        }
        activity.SetTag("pipeline.stage", stage);
        activity.SetTag("pipeline.module.id", moduleId);
        if (resourceId is not null)
        {
            activity.SetTag("pipeline.resource.id", resourceId);
        }
        if (failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, $"{stage} failed");
            activity.SetTag("error.type", "SimulatedFailure");
        }
        activity.SetEndTime(end);
        return activity;
    }

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }

    private bool Fails() => _random.NextDouble() < options.ErrorRate;

    // Exponential around the mean: most stages are quick, a few are slow, as with model calls.
    private TimeSpan Latency() => TimeSpan.FromMilliseconds(-options.LatencyMs * Math.Log(1 - _random.NextDouble()));
}
