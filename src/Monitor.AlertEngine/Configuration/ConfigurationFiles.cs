using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// The JSON configuration files of the host. On a reload the framework replaces a file that no
/// longer parses by no settings at all (and throws where nobody sees it); this reads each file
/// again so a broken file is refused, named with the position of the error.
/// </summary>
public sealed class ConfigurationFiles(IConfiguration configuration)
{
    /// <summary>A message per configuration file that exists but is not valid JSON.</summary>
    public IReadOnlyList<string> Malformed()
    {
        if (configuration is not IConfigurationRoot root)
        {
            return [];
        }
        var errors = new List<string>();
        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            var file = provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? string.Empty);
            if (file is not { Exists: true, PhysicalPath: { } path })
            {
                continue;
            }
            try
            {
                using var stream = File.OpenRead(path);
                using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException error)
            {
                errors.Add($"{Path.GetFileName(path)} is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}): {error.Message}");
            }
            catch (IOException)
            {
                // Being rewritten right now: the next change event reads it again.
            }
        }
        return errors;
    }

    /// <summary>
    /// A file that breaks on reload must not throw on the file watcher's thread: the refusal is
    /// reported through <see cref="Malformed"/> by whoever reads options next.
    /// </summary>
    public static void IgnoreReloadErrors(IConfigurationBuilder builder)
    {
        foreach (var source in builder.Sources.OfType<FileConfigurationSource>())
        {
            source.OnLoadException = static context => context.Ignore = true;
        }
    }
}
