using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Monitor.AlertEngine.Storage.WebSessions;

namespace Monitor.Web.Auth;

/// <summary>
/// Data Protection's keys (which encrypt the session cookie) in the monitor's database, so that a
/// cookie issued by one replica opens on every other. The key ring is read at the first sign-in
/// or cookie and on rotation; the store's migrations make the table at start-up, so the first
/// read waits (a little) for them.
/// </summary>
internal sealed class StoreXmlRepository(IDataProtectionKeyStore keys, Func<Task> storeReady) : IXmlRepository
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(2);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        WaitForStore();
        return [.. keys.GetAll().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        WaitForStore();
        keys.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }

    // The repository interface is synchronous; this waits only until the start-up migration ran.
    private void WaitForStore()
    {
        if (!storeReady().Wait(ReadyWait))
        {
            throw new InvalidOperationException("the alert store is not migrated yet; the session keys are read again when needed");
        }
    }
}
