using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitor.Web.Auth;
using Monitor.Web.Telemetry;

namespace Monitor.Web.Realtime;

/// <summary>
/// Around every hub call: the connection's call budget (past it the connection is closed), the
/// caller's rights as they are now (a session signed out or expired closes the connection), and
/// the one place that logs how a call ended. A refusal (<see cref="HubRefusal"/>) is counted and
/// logged at debug; anything else that escapes a method is a defect, logged as an error.
/// SignalR's own log of a failed invocation is turned off (RealtimeExtensions), or every refusal
/// would be an error with a stack trace that any client could repeat.
/// </summary>
internal sealed class HubCallGuard(LiveSessions live, CallerRights rights, IOptionsMonitor<MonitorHubOptions> options, WebMeter meter,
    TimeProvider time, ILogger<HubCallGuard> logger) : IHubFilter
{
    // A refused call's answer is written when the call returns; the connection closes a moment
    // later so that the caller learns why. Calls it makes meanwhile are refused the same way.
    private static readonly TimeSpan AnswerBeforeClosing = TimeSpan.FromMilliseconds(200);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var connection = context.Context;
        HubConnectionBudget.Of(connection.Items, options.CurrentValue, time);
        if (connection.User is { } user && DatabaseTicketStore.SessionOf(user) is { } session)
        {
            live.Add(connection.ConnectionId, session, connection.Abort);
        }
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        live.Remove(context.Context.ConnectionId);
        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var connection = invocation.Context;
        var method = invocation.HubMethodName;
        if (HubConnectionBudget.In(connection.Items) is { } budget && !budget.TryCall())
        {
            throw Close(connection, method, HubRejectReason.RateLimited, $"more than {options.CurrentValue.CallsPerSecond} calls a second; the connection is closed.");
        }
        if (!await rights.StillValidAsync(connection.User ?? new System.Security.Claims.ClaimsPrincipal(), connection.GetHttpContext(), connection.ConnectionAborted))
        {
            throw Close(connection, method, HubRejectReason.SessionEnded, "the session this connection was opened with has ended; sign in again.");
        }
        try
        {
            return await next(invocation);
        }
        catch (HubRefusal refusal)
        {
            meter.HubRejected(refusal.Reason);
            RealtimeLog.CallRefused(logger, method, refusal.Reason, refusal.Message);
            if (refusal.Reason is HubRejectReason.SnapshotLimited or HubRejectReason.RateLimited)
            {
                _ = CloseSoonAsync(connection);
            }
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            RealtimeLog.CallFailed(logger, error, method);
            throw;
        }
    }

    private HubRefusal Close(HubCallerContext connection, string method, string reason, string message)
    {
        meter.HubRejected(reason);
        RealtimeLog.CallRefused(logger, method, reason, message);
        _ = CloseSoonAsync(connection);
        return new HubRefusal(reason, message);
    }

    private async Task CloseSoonAsync(HubCallerContext connection)
    {
        try
        {
            await Task.Delay(AnswerBeforeClosing, time, connection.ConnectionAborted);
        }
        catch (OperationCanceledException)
        {
            // Closed already.
        }
        connection.Abort();
    }
}
