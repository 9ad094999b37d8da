namespace Monitor.TestSupport;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built in, for sibling build outputs.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The sample pipeline's own executable (the apphost next to AiPipeline.dll).</summary>
    public static string SampleExecutable => Path.Combine(Root, "samples", "AiPipeline", "bin", Configuration, "net10.0", OperatingSystem.IsWindows() ? "AiPipeline.exe" : "AiPipeline");

    /// <summary>The monitor's own executable (apphost of Monitor.Web), to run it as a separate process.</summary>
    public static string MonitorExecutable => Path.Combine(Root, "src", "Monitor.Web", "bin", Configuration, "net10.0",
        OperatingSystem.IsWindows() ? "Monitor.Web.exe" : "Monitor.Web");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PipelineMonitor.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("PipelineMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
