using System.Data.Common;

namespace Monitor.Web.Api;

/// <summary>
/// A read the alert store cannot answer (unreachable, locked past its timeout) is a 503 with a
/// retry delay, not a 500: the caller did nothing wrong and may ask again.
/// </summary>
internal sealed class StoreUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception error) when (error is DbException or TimeoutException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem("The alert store cannot answer now; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Alert store unavailable");
        }
    }
}
