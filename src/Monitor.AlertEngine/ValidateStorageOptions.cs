using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Storage;

namespace Monitor.AlertEngine;

/// <summary>Storage:Provider is Sqlite or SqlServer, and a connection string is set.</summary>
internal sealed class ValidateStorageOptions : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (options.Provider is not (StorageOptions.Sqlite or StorageOptions.SqlServer))
        {
            errors.Add($"Storage:Provider must be {StorageOptions.Sqlite} or {StorageOptions.SqlServer} (was '{options.Provider}').");
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("Storage:ConnectionString must be set.");
        }
        else if (options.Provider == StorageOptions.Sqlite && SqliteFolderProblem(options.ConnectionString) is { } problem)
        {
            errors.Add($"Storage:ConnectionString {problem}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The store makes the SQLite file's folder when it starts; one it cannot make is a setting to
    /// fix, refused now with its reason, not a crash of the first service that opens the store.
    /// </summary>
    private static string? SqliteFolderProblem(string connectionString)
    {
        try
        {
            Storage.Sqlite.SqliteEngine.Prepare(connectionString);
            return null;
        }
        catch (ArgumentException error)
        {
            return $"is not a SQLite connection string: {error.Message}";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"names a SQLite file in a folder that cannot be made: {error.Message}";
        }
    }
}
