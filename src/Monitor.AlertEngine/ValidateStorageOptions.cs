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
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
