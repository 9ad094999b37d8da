namespace Monitor.AlertEngine.Storage.WebSessions;

/// <summary>The statements of the web host's sign-in sessions and Data Protection keys, one implementation per engine.</summary>
internal interface ISessionStatements
{
    /// <summary>Creates or replaces a session (run in a write transaction, so two replicas renewing one never both insert it).</summary>
    string Save { get; }

    string Find { get; }

    string Remove { get; }

    string DeleteExpired { get; }

    string AllKeys { get; }

    /// <summary>Stores a key once by its name; a second write of the same name is ignored.</summary>
    string StoreKey { get; }
}
