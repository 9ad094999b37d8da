namespace Monitor.AlertEngine.Cluster;

/// <summary>Several replicas as one system, bound from the <c>Cluster</c> section (and <c>Redis:ConnectionString</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// How often each replica reads from the store every alert changed since the last version it
    /// saw: announcements over Redis are fast but can be lost (a Redis restart), this is not.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redis for announcements between replicas (<c>Redis:ConnectionString</c>); none: one replica.</summary>
    public string? RedisConnectionString { get; set; }
}
