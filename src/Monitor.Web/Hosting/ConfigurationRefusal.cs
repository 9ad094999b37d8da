using Microsoft.Extensions.Options;

namespace Monitor.Web.Hosting;

/// <summary>
/// A configuration the monitor refuses to start with, told as Prometheus tells it: one line per
/// bad key on standard error and exit code 1. A mistake in a setting is the operator's to fix,
/// not a defect, so no stack trace and no abort.
/// </summary>
internal static class ConfigurationRefusal
{
    public const int ExitCode = 1;

    /// <summary>What was wrong, one line per bad key; empty when <paramref name="error"/> is not a refused configuration.</summary>
    public static IReadOnlyList<string> Lines(Exception error) => error switch
    {
        OptionsValidationException refused => [.. refused.Failures],
        AggregateException several when several.InnerExceptions.All(e => Lines(e).Count > 0) => [.. several.InnerExceptions.SelectMany(Lines)],
        // The binder's own refusal ("Failed to convert configuration value 'abc' at 'Monitoring:HealthCheckInterval' to type ...").
        InvalidOperationException unreadable when unreadable.TargetSite?.DeclaringType == typeof(ConfigurationBinder) => [unreadable.Message],
        _ => [],
    };

    /// <summary>Writes the refusal and returns the exit code.</summary>
    public static int Report(IReadOnlyList<string> lines, TextWriter output)
    {
        foreach (var line in lines)
        {
            output.WriteLine($"PipelineMonitor: configuration refused: {line}");
        }
        return ExitCode;
    }
}
