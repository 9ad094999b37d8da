namespace Monitor.AlertEngine.Cluster;

/// <summary>
/// Messages between the replicas of one monitor: at most once, in no guaranteed order (Redis
/// pub/sub), so every user of it also has a way to catch up (the store, the next snapshot).
/// </summary>
public interface IClusterBus
{
    /// <summary>This replica, as senders name themselves in messages.</summary>
    string NodeId { get; }

    /// <summary>Whether messages reach other replicas at all (false: one replica, in process).</summary>
    bool IsShared { get; }

    /// <summary>Sends; a failure (Redis away) is swallowed and counted: the receivers catch up by other means.</summary>
    void Publish(string channel, byte[] message);

    /// <summary>Receives the messages of <paramref name="channel"/> (this replica's own too) until disposed.</summary>
    IDisposable Subscribe(string channel, Action<ReadOnlyMemory<byte>> receive);
}
