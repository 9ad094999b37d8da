using System.Globalization;

namespace Monitor.Web.Hosting;

/// <summary>
/// Lets the runtime's shared array pool keep a buffer for each live console during a broadcast. SignalR
/// writes a message into each connection's pipe, whose segments are rented from
/// <c>ArrayPool&lt;byte&gt;.Shared</c>; a broadcast to thousands of consoles holds one per connection until
/// that connection's socket has sent it, and the pool keeps 32 arrays of a size per core. Past that every
/// rent allocated a new array and every return dropped one: 3.7 KB of garbage per message delivered, half a
/// gigabyte in a 20-breach fan-out to 5,000 consoles (docs/decisions/0020). The runtime reads the cap from
/// the environment when the pool is first used, so <see cref="Raise"/> runs first thing in Main.
/// </summary>
internal static class SharedArrayPoolCapacity
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>
    /// Arrays of one size kept per core: above the ~5,000 consoles one core serves (docs/operations.md);
    /// past that the core falls behind, messages queue and no cap keeps up. The cap only decides whether an
    /// array is kept once returned: the pool never holds more than was rented at once, and the runtime trims
    /// it when memory is short.
    /// </summary>
    public const int ArraysPerCore = 8192;

    /// <summary>Raises the cap unless the operator set it.</summary>
    public static void Raise()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore.ToString(CultureInfo.InvariantCulture));
        }
    }
}
