using System.Text.RegularExpressions;
using Monitor.TestSupport;

namespace Monitor.Ops.Tests;

/// <summary>Every dashboard: a stable uid, the job variable, a unit and a description per panel, known datasources; SQL matches the schema.</summary>
public sealed partial class DashboardStructureTests
{
    [Fact]
    public void Dashboards_HaveStableUidsTheJobVariableAndDocumentedPanels()
    {
        var dashboards = Dashboards.All().ToList();

        Assert.Equal(3, dashboards.Count);
        Assert.Equal(dashboards.Count, dashboards.Select(d => d.Dashboard.GetProperty("uid").GetString()).Distinct().Count());
        Assert.All(dashboards, d => Assert.Contains(d.Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("name").GetString() == "job"));
        Assert.All(Dashboards.Panels(), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Panel.GetProperty("description").GetString()), $"{p.File}: a panel has no description");
            Assert.False(string.IsNullOrWhiteSpace(p.Panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()), $"{p.File}: a panel has no unit");
        });
    }

    [Fact]
    public void Panels_UseOnlyProvisionedDatasources()
    {
        var provisioning = File.ReadAllText(Path.Combine(Repository.Root, "grafana", "provisioning", "datasources", "datasources.yml"));
        var provisioned = ProvisionedUid().Matches(provisioning).Select(m => m.Groups[1].Value).ToHashSet();

        var used = Dashboards.Panels().Select(p => p.Panel.GetProperty("datasource").GetProperty("uid").GetString()!).ToHashSet();

        Assert.Equal(["alert-store", "prometheus"], provisioned.Order());
        Assert.Subset(provisioned, used);
    }

    [Fact]
    public void SqlPanels_UseOnlyTablesAndColumnsOfTheSqlServerMigration()
    {
        var migration = File.ReadAllText(Path.Combine(Repository.Root, "src", "Monitor.AlertEngine", "Storage", "SqlServer", "Migrations", "0001_create_alerts.sql"));
        var columns = new Dictionary<string, HashSet<string>>
        {
            ["alerts"] = ColumnsOf(migration, "alerts"),
            ["alert_transitions"] = ColumnsOf(migration, "alert_transitions"),
        };
        Assert.Contains("acknowledged_at", columns["alerts"]);

        foreach (var (file, panel, sql) in Dashboards.SqlQueries())
        {
            var aliases = TableAlias().Matches(sql).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
            Assert.True(aliases.Count > 0, $"{file} '{panel}': no FROM dbo.<table> AS <alias>");
            Assert.All(aliases.Values, table => Assert.True(columns.ContainsKey(table), $"{file} '{panel}': unknown table {table}"));
            foreach (Match reference in ColumnReference().Matches(sql))
            {
                var (alias, column) = (reference.Groups[1].Value, reference.Groups[2].Value);
                Assert.True(aliases.TryGetValue(alias, out var table) && columns[table].Contains(column), $"{file} '{panel}': {alias}.{column} is not a column");
            }
        }
    }

    private static HashSet<string> ColumnsOf(string migration, string table)
    {
        var start = migration.IndexOf($"CREATE TABLE dbo.{table} (", StringComparison.Ordinal);
        var body = migration[start..migration.IndexOf(");", start, StringComparison.Ordinal)];
        return [.. ColumnDefinition().Matches(body).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"uid:\s*([\w-]+)")]
    private static partial Regex ProvisionedUid();

    [GeneratedRegex(@"FROM\s+dbo\.(\w+)\s+AS\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableAlias();

    [GeneratedRegex(@"\b([a-z])\.([a-z_]+)\b")]
    private static partial Regex ColumnReference();

    [GeneratedRegex(@"^\s{4}(\w+)\s+\w", RegexOptions.Multiline)]
    private static partial Regex ColumnDefinition();
}
