namespace Monitor.Collector.Pipeline;

/// <summary>The four stages of an AI resource pipeline (attribute <c>pipeline.stage</c>).</summary>
public enum PipelineStage
{
    ModuleGeneration,
    ResourceGeneration,
    Validation,
    Hooks,
}

/// <summary>The wire names of <see cref="PipelineStage"/>, as senders write them.</summary>
public static class PipelineStageNames
{
    public const string ModuleGeneration = "module_generation";
    public const string ResourceGeneration = "resource_generation";
    public const string Validation = "validation";
    public const string Hooks = "hooks";

    public static string ToName(this PipelineStage stage) => stage switch
    {
        PipelineStage.ModuleGeneration => ModuleGeneration,
        PipelineStage.ResourceGeneration => ResourceGeneration,
        PipelineStage.Validation => Validation,
        PipelineStage.Hooks => Hooks,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static bool TryParse(string name, out PipelineStage stage)
    {
        switch (name)
        {
            case ModuleGeneration: stage = PipelineStage.ModuleGeneration; return true;
            case ResourceGeneration: stage = PipelineStage.ResourceGeneration; return true;
            case Validation: stage = PipelineStage.Validation; return true;
            case Hooks: stage = PipelineStage.Hooks; return true;
            default: stage = default; return false;
        }
    }

    /// <summary>Parses a name as it comes on the wire (UTF-8), without making a string of it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out PipelineStage stage)
    {
        Span<char> name = stackalloc char[ResourceGeneration.Length];
        if (System.Text.Encoding.UTF8.TryGetChars(utf8, name, out var length))
        {
            switch (name[..length])
            {
                case ModuleGeneration: stage = PipelineStage.ModuleGeneration; return true;
                case ResourceGeneration: stage = PipelineStage.ResourceGeneration; return true;
                case Validation: stage = PipelineStage.Validation; return true;
                case Hooks: stage = PipelineStage.Hooks; return true;
            }
        }
        stage = default;
        return false;
    }
}
