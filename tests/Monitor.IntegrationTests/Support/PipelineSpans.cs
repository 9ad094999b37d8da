using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Monitor.TestSupport;

/// <summary>
/// Sends pipeline spans with the real OpenTelemetry .NET SDK and its OTLP exporter. Each
/// instance has its own ActivitySource, so tests running in parallel never see each other's spans.
/// </summary>
internal sealed class PipelineSpans : IDisposable
{
    private readonly ActivitySource _source;
    private readonly TracerProvider _provider;
    private readonly DateTime _start = DateTime.UtcNow.AddSeconds(-30);

    public PipelineSpans(string job, Uri endpoint, OtlpExportProtocol protocol, string instance = "instance-1",
        Action<OtlpExporterOptions>? configure = null)
    {
        _source = new ActivitySource("tests." + job + "." + Guid.NewGuid().ToString("N"));
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(job, serviceInstanceId: instance))
            .AddSource(_source.Name)
            .AddOtlpExporter(options =>
            {
                options.Protocol = protocol;
                options.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, "/v1/traces");
                configure?.Invoke(options);
            })
            .Build()!;
    }

    /// <summary>Records one finished span of exactly <paramref name="duration"/>; returns its trace id (hex).</summary>
    public string Span(string stage, TimeSpan duration, bool error = false, params (string Key, object Value)[] attributes)
    {
        var tags = new ActivityTagsCollection { ["pipeline.stage"] = stage };
        foreach (var (key, value) in attributes)
        {
            tags[key] = value;
        }
        // A root span: with an ambient Activity.Current (left by whatever ran before on this flow)
        // the SDK's parent-based sampler would follow that unsampled parent and drop the span silently.
        var ambient = Activity.Current;
        Activity.Current = null;
        using var activity = _source.StartActivity(stage, ActivityKind.Internal, parentContext: default, tags, startTime: _start)
            ?? throw new InvalidOperationException("no listener for the test ActivitySource");
        Activity.Current = ambient;
        if (!activity.Recorded)
        {
            throw new InvalidOperationException("the span was not sampled, so it would never be exported");
        }
        activity.SetEndTime(_start + duration);
        if (error)
        {
            activity.SetStatus(ActivityStatusCode.Error, "failed");
        }
        return activity.TraceId.ToHexString();
    }

    /// <summary>
    /// Records a run as an instrumented pipeline does: a root span <c>pipeline run</c> (with
    /// <c>pipeline.run.id</c> when given) whose children are one span per stage, a second apart;
    /// returns the root's trace id (hex).
    /// </summary>
    public string RunWithRootSpan(IReadOnlyList<string> stages, string? failedStage = null, string? runId = null)
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        var rootTags = new ActivityTagsCollection();
        if (runId is not null)
        {
            rootTags["pipeline.run.id"] = runId;
        }
        using var root = _source.StartActivity("pipeline run", ActivityKind.Internal, parentContext: default, rootTags, startTime: _start)
            ?? throw new InvalidOperationException("no listener for the test ActivitySource");
        Activity.Current = ambient;
        for (var i = 0; i < stages.Count; i++)
        {
            using var child = _source.StartActivity(stages[i], ActivityKind.Internal, root.Context,
                new ActivityTagsCollection { ["pipeline.stage"] = stages[i] }, startTime: _start.AddSeconds(i))!;
            child.SetEndTime(_start.AddSeconds(i + 1));
            if (stages[i] == failedStage)
            {
                child.SetStatus(ActivityStatusCode.Error, "failed");
            }
        }
        root.SetEndTime(_start.AddSeconds(stages.Count + 1));
        if (failedStage is not null)
        {
            root.SetStatus(ActivityStatusCode.Error, "a stage failed");
        }
        return root.TraceId.ToHexString();
    }

    /// <summary>Exports everything recorded so far; fails the test if the exporter reports a failure.</summary>
    public void Flush() => Assert.True(_provider.ForceFlush(10_000), "the OTLP exporter did not flush");

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }
}
