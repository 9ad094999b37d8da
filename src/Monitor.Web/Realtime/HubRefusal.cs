using Microsoft.AspNetCore.SignalR;

namespace Monitor.Web.Realtime;

/// <summary>
/// A call the hub refuses for what the caller sent: its message reaches the caller (as every
/// HubException's does), it is counted in monitor_hub_rejected_total with <see cref="Reason"/>,
/// and logged at debug without a stack trace: an expected refusal is not an error.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1032", Justification = "Always made with a message and a reason.")]
internal sealed class HubRefusal(string reason, string message) : HubException(message)
{
    public string Reason { get; } = reason;
}
