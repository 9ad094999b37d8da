

namespace Monitor.IntegrationTests.Cluster;

/// <summary>One three-replica cluster behind nginx, shared by the test classes of <see cref="ClusterTestGroup"/>.</summary>
public sealed class SharedCluster : IAsyncLifetime
{
    internal MonitorCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Cluster = await MonitorCluster.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>The cluster test classes run one after the other (each test still owns its pipelines).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterTestGroup : ICollectionFixture<SharedCluster>
{
    public const string Name = "replica cluster";
}
