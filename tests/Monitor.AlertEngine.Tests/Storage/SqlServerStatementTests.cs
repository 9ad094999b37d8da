using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.SqlServer;

namespace Monitor.AlertEngine.Tests.Storage;

/// <summary>
/// No SQL Server runs on these machines, so every T-SQL statement the store sends (and every
/// migration) is parsed here by Microsoft's own T-SQL parser: a syntax error fails here, not at a
/// customer's. The contract suite runs the statements for real where MONITOR_TEST_SQLSERVER is set.
/// </summary>
public sealed class SqlServerStatementTests
{
    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        // Every statement of every store on SQL Server: the engine's statement sets and its migration statements.
        var engine = new SqlServerEngine("Server=unused", null);
        foreach (var statements in new object[] { engine.Alerts, engine.Runs, engine.Outbox, engine.Sessions })
        {
            foreach (var property in statements.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)))
            {
                if (property.GetValue(statements) is string sql)
                {
                    data.Add($"{statements.GetType().Name}.{property.Name}", sql);
                }
            }
        }
        foreach (var field in typeof(SqlServerMigrationStatements).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add($"{nameof(SqlServerMigrationStatements)}.{field.Name}", (string)field.GetValue(null)!);
        }
        foreach (var (version, name, sql) in Migrations.For("SqlServer"))
        {
            data.Add($"migration {version:D4} {name}", sql);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_ParsesAsTSql160(string name, string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);

        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, $"{name}: " + string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
    }

    [Fact]
    public void Statements_EveryOneOfTheStoreIsCovered() =>
        Assert.True(Statements().Count >= 25, $"only {Statements().Count} statements found");
}
