namespace Monitor.Collector.Tests.Fuzzing;

/// <summary>
/// Every input that once failed, kept in Fuzzing/Corpus and replayed on every run: a file whose
/// name starts with the property's name. A property that fails writes its shrunk input there
/// (outside CI), so that the failure stays a test once it is fixed.
/// </summary>
internal static class Corpus
{
    private static readonly string Folder = Path.Combine(TestSupport.Repository.Root, "tests", "Monitor.Collector.Tests", "Fuzzing", "Corpus");

    public static IEnumerable<(string Name, byte[] Bytes)> Of(string property) =>
        Directory.GetFiles(Folder, property + "-*").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));

    public static void Keep(string property, byte[] input)
    {
        if (TestSupport.ExternalTool.InCi)
        {
            return;
        }
        var name = $"{property}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..12]}.bin";
        File.WriteAllBytes(Path.Combine(Folder, name), input);
    }
}
