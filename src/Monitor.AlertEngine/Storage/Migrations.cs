using System.Reflection;

namespace Monitor.AlertEngine.Storage;

/// <summary>The versioned migration scripts of one engine, embedded as <c>Storage/{Engine}/Migrations/NNNN_name.sql</c>.</summary>
internal static class Migrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> For(string engine)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.{engine}.Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                return (int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture), name, Read(assembly, n));
            })
            .OrderBy(m => m.Item1)];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
