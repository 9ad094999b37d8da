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
        foreach (var holder in new[] { typeof(SqlServerStatements), typeof(AlertEngine.Storage.Sessions.SessionStatements) })
        {
            // Constants, and the read-only statements composed from a row's column list.
            foreach (var field in holder.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => (f.IsLiteral || f.IsInitOnly) && f.FieldType == typeof(string)))
            {
                data.Add($"{holder.Name}.{field.Name}", (string)field.GetValue(null)!);
            }
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
