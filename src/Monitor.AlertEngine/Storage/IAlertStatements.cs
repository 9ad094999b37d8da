namespace Monitor.AlertEngine.Storage;

/// <summary>The statements of the alert store (alerts and their transitions), one implementation per engine.</summary>
internal interface IAlertStatements
{
    /// <summary>The open row of a fingerprint (@fingerprint), locked (or the range where it would go) until the transaction ends.</summary>
    string OpenByFingerprintLocked { get; }

    /// <summary>A row by @id, locked until the transaction ends.</summary>
    string ByIdLocked { get; }

    string ById { get; }

    string Open { get; }

    /// <summary>The highest version whose writes have all committed.</summary>
    string LatestVersion { get; }

    /// <summary>Rows above @version, oldest change first, at most @limit; committed versions only.</summary>
    string ChangedSince { get; }

    /// <summary>Takes the next version before a write; null when <see cref="Insert"/> and <see cref="Update"/> answer it themselves (a rowversion).</summary>
    string? NextVersion { get; }

    string Insert { get; }

    /// <summary>Writes the row if it is still at @ExpectedVersion: the rows written (with <see cref="NextVersion"/>), or else the new version (none when it moved).</summary>
    string Update { get; }

    string InsertTransition { get; }

    string History { get; }

    string Query { get; }

    string Count { get; }

    string DeleteClosedBefore { get; }

    /// <summary>The parameters of <see cref="Query"/> and <see cref="Count"/>: the filters, the page, and the text search as this engine indexes it.</summary>
    object QueryParameters(AlertQuery query);
}
