using System.Reflection;
using NetArchTest.Rules;

namespace Monitor.Web.Tests;

/// <summary>
/// The dependency direction docs/architecture.md draws, read from the compiled code: the collector
/// knows nothing of alerts or the web, the alert engine nothing of the web, and inside a project no
/// two folders (namespaces) depend on each other.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Collector = "Monitor.Collector";
    private const string AlertEngine = "Monitor.AlertEngine";
    private const string Web = "Monitor.Web";

    public static TheoryData<string> Projects => [Collector, AlertEngine, Web];

    [Fact]
    public void Collector_KnowsNothingOfAlertsOrTheWeb()
    {
        var result = Types.InAssembly(Assembly.Load(Collector)).ShouldNot().HaveDependencyOnAny(AlertEngine, Web).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void AlertEngine_KnowsNothingOfTheWeb()
    {
        var result = Types.InAssembly(Assembly.Load(AlertEngine)).ShouldNot().HaveDependencyOn(Web).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void AlertLifecycle_IsDecidedByPureCode_ThatKnowsOnlyTheModel()
    {
        var others = new[] { "Cluster", "Configuration", "Evaluation", "Health", "Notifications", "OpenAlerts", "Rules", "Runs", "Storage", "Telemetry" }
            .Select(folder => $"{AlertEngine}.{folder}")
            .Append("Microsoft.Extensions")
            .Append("System.Threading.Tasks")
            .ToArray();

        var result = Types.InAssembly(Assembly.Load(AlertEngine)).That().ResideInNamespace($"{AlertEngine}.Lifecycle")
            .ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void NoTwoFoldersOfAProject_DependOnEachOther(string project)
    {
        var assembly = Assembly.Load(project);
        var folders = FoldersOf(assembly, project);
        var loops = new List<string>();

        foreach (var first in folders)
        {
            foreach (var second in folders.Where(f => string.CompareOrdinal(f.Name, first.Name) > 0))
            {
                var forth = Dependents(assembly, first, second);
                var back = Dependents(assembly, second, first);
                if (forth.Count > 0 && back.Count > 0)
                {
                    loops.Add($"{first.Name} <-> {second.Name}: {string.Join(", ", forth)} | {string.Join(", ", back)}");
                }
            }
        }

        Assert.True(loops.Count == 0, "folders that depend on each other:\n" + string.Join("\n", loops));
    }

    /// <summary>A folder: a namespace right under the project's, or the project's own (its composition root).</summary>
    private sealed record Folder(string Name, string Namespace, bool IsRoot, string[] RootTypes);

    private static List<Folder> FoldersOf(Assembly assembly, string project)
    {
        var types = assembly.GetTypes().Where(t => t.Namespace is not null && !t.Name.StartsWith('<')).ToList();
        var rootTypes = types.Where(t => t.Namespace == project && !t.IsNested).Select(t => t.FullName!).ToArray();
        var folders = types
            .Where(t => t.Namespace!.StartsWith(project + ".", StringComparison.Ordinal))
            .Select(t => t.Namespace![(project.Length + 1)..].Split('.')[0])
            .Distinct()
            .Select(name => new Folder(name, $"{project}.{name}", IsRoot: false, []))
            .ToList();
        if (rootTypes.Length > 0)
        {
            folders.Add(new Folder("(root)", project, IsRoot: true, rootTypes));
        }
        return folders;
    }

    /// <summary>The types of <paramref name="from"/> that use a type of <paramref name="to"/>.</summary>
    private static List<string> Dependents(Assembly assembly, Folder from, Folder to)
    {
        var selected = from.IsRoot
            ? Types.InAssembly(assembly).That().ResideInNamespaceMatching($"^{from.Namespace.Replace(".", "\\.", StringComparison.Ordinal)}$")
            : Types.InAssembly(assembly).That().ResideInNamespace(from.Namespace);
        var result = to.IsRoot
            ? selected.ShouldNot().HaveDependencyOnAny(to.RootTypes).GetResult()
            : selected.ShouldNot().HaveDependencyOn(to.Namespace).GetResult();
        return result.IsSuccessful ? [] : [.. (result.FailingTypeNames ?? []).Select(Short).Distinct()];
    }

    private static string Short(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..].Split('/')[0];

    private static string Describe(NetArchTest.Rules.TestResult result) =>
        "types that depend on what they must not: " + string.Join(", ", result.FailingTypeNames ?? []);
}
