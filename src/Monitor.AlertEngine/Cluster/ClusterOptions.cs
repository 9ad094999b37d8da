namespace Monitor.AlertEngine.Cluster;

/// <summary>Several replicas as one system, bound from the <c>Cluster</c> section (and <c>Redis:ConnectionString</c>, <c>Redis:CaCertificate</c>).</summary>
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

    /// <summary>
    /// A PEM file with the certificate authority of a Redis served over TLS (<c>ssl=true</c> in the
    /// connection string) whose certificate the system does not trust already (<c>Redis:CaCertificate</c>).
    /// </summary>
    public string? RedisCaCertificate { get; set; }

    /// <summary>
    /// The secret every replica seals its messages with and checks the others' against (at least 32
    /// characters; required with Redis): whoever can publish on the Redis channels but lacks it can
    /// neither forge nor replay a message.
    /// </summary>
    public string? Key { get; set; }
}
