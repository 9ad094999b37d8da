namespace Monitor.TestSupport;

/// <summary>
/// Finds an outside tool (prometheus, promtool, ...) on PATH. Missing on a developer machine:
/// the test is skipped with the install command. Missing under CI (CI=true): the test fails,
/// because .ci/run installs every tool the tests need.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require(string name, string debianPackage)
    {
        // Daemons such as nginx install to /usr/sbin, which a non-root PATH may lack.
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Concat(["/usr/sbin", "/sbin"]);
        foreach (var directory in path)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var reason = $"{name} is not installed (apt-get install {debianPackage}; .ci/run does this)";
        if (InCi)
        {
            Assert.Fail(reason);
        }
        Assert.Skip(reason);
        return string.Empty;
    }
}
