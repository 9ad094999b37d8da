using System.Globalization;

namespace AiPipeline;

/// <summary>How the simulated pipeline behaves; set with command-line flags.</summary>
internal sealed record SimulationOptions(double ModulesPerSecond, double ErrorRate, double LatencyMs, int ResourcesPerModule, TimeSpan? Duration,
    TimeSpan? RunEvery = null, string? SkipStage = null, bool Hang = false)
{
    private static readonly string[] Stages = ["module_generation", "resource_generation", "validation", "hooks"];

    public const string Usage = """
        AiPipeline: simulates an AI resource pipeline and sends its telemetry over OTLP.
          --rate N          modules started per second (default 2)
          --error-rate R    share of failing stages, 0..1 (default 0.05)
          --latency-ms N    mean stage latency in milliseconds (default 120)
          --resources N     resources generated per module (default 3)
          --duration S      stop after S seconds (default: run until Ctrl+C)
          --runs S          work in runs instead: every S seconds a run of --rate modules, a root span
                            "pipeline run" with pipeline.run.id over its stage spans
          --skip-stage NAME with --runs: the runs send no span of that stage (stage skipped)
          --hang            with --runs: the runs send their module spans and then nothing (stuck)
        The exporter is configured by the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT
        (default http://localhost:4317), OTEL_EXPORTER_OTLP_PROTOCOL (grpc | http/protobuf),
        OTEL_EXPORTER_OTLP_HEADERS (e.g. x-api-key=...), OTEL_SERVICE_NAME (default ai-pipeline).
        """;

    public static SimulationOptions Parse(string[] args)
    {
        var options = new SimulationOptions(2, 0.05, 120, 3, null);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--hang")
            {
                options = options with { Hang = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--rate" => options with { ModulesPerSecond = Positive(value, args[i]) },
                "--error-rate" => options with { ErrorRate = Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0, 1) },
                "--latency-ms" => options with { LatencyMs = Positive(value, args[i]) },
                "--resources" => options with { ResourcesPerModule = (int)Positive(value, args[i]) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(value, args[i])) },
                "--runs" => options with { RunEvery = TimeSpan.FromSeconds(Positive(value, args[i])) },
                "--skip-stage" => options with { SkipStage = Stages.Contains(value) ? value : throw new ArgumentException($"--skip-stage must be one of {string.Join(", ", Stages)}") },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
            i++;
        }
        if ((options.SkipStage is not null || options.Hang) && options.RunEvery is null)
        {
            throw new ArgumentException($"--skip-stage and --hang need --runs.\n{Usage}");
        }
        return options;
    }

    private static double Positive(string value, string name)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new ArgumentException($"{name} must be positive");
    }
}
