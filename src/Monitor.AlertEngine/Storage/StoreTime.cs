using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Times as the engines keep them: SQLite as Unix milliseconds (an INTEGER column: it has no time
/// type, and integers order and compare as times do), SQL Server as datetimeoffset(3). Registered
/// with Dapper for every <see cref="DateTimeOffset"/>, so that rows and parameters are plain
/// <see cref="DateTimeOffset"/>s whatever the engine.
/// </summary>
internal sealed class StoreTime : SqlMapper.TypeHandler<DateTimeOffset>
{
    private static int _registered;

    /// <summary>Once per process: Dapper's own mapping of DateTimeOffset gives way to this handler.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
            SqlMapper.AddTypeHandler(new StoreTime());
        }
    }

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.ToUnixTimeMilliseconds();
        }
        else
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value;
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new DataException($"a stored time must be Unix milliseconds or a datetimeoffset (was {value.GetType().Name})"),
    };
}
