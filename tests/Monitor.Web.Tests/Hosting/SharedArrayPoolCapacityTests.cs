using Monitor.Web.Hosting;

namespace Monitor.Web.Tests.Hosting;

/// <summary>
/// The shared array pool's cap the monitor sets before anything rents from the pool (decision 0020).
/// Whether the runtime then keeps a buffer per connection is measured by the load runner's fan-out
/// ("monitor's shared ArrayPool out of arrays"), not here: the test process's pool was made long before.
/// </summary>
[Collection(nameof(SharedArrayPoolCapacityTests))]
public sealed class SharedArrayPoolCapacityTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(SharedArrayPoolCapacity.Variable);

    public void Dispose() => Environment.SetEnvironmentVariable(SharedArrayPoolCapacity.Variable, _before);

    [Fact]
    public void Raise_Unset_SetsTheCapForEveryConnectionOfACore()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolCapacity.Variable, null);

        SharedArrayPoolCapacity.Raise();

        Assert.Equal("8192", Environment.GetEnvironmentVariable(SharedArrayPoolCapacity.Variable));
    }

    [Fact]
    public void Raise_SetByTheOperator_KeepsTheirs()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolCapacity.Variable, "64");

        SharedArrayPoolCapacity.Raise();

        Assert.Equal("64", Environment.GetEnvironmentVariable(SharedArrayPoolCapacity.Variable));
    }
}

/// <summary>The two specs change one process-wide variable: one at a time.</summary>
[CollectionDefinition(nameof(SharedArrayPoolCapacityTests), DisableParallelization = true)]
public sealed class SharedArrayPoolCapacityAlone;
