using Microsoft.Extensions.Options;

namespace Monitor.AlertEngine.Tests;

/// <summary>An options monitor that always answers one value.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
