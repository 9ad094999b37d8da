using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Primitives;
using Monitor.Collector.Hosting;

namespace Monitor.Web.Security;

/// <summary>
/// The host names the web port answers to, against DNS rebinding (a page of another site whose
/// name resolves to the monitor would otherwise read its API with the browser's Host). From
/// <c>AllowedHosts</c> (';'-separated, <c>*.example.com</c> wildcards, <c>*</c> for any); when
/// unset, the name the web port listens on: localhost (and 127.0.0.1, [::1]) by default; a port
/// listening on every address accepts any name and the operator sets <c>AllowedHosts</c>. The
/// OTLP ports answer any name: exporters reach them by a service name, and a browser cannot
/// read their answers across origins.
/// </summary>
internal static class AllowedHosts
{
    public const string Key = "AllowedHosts";

    /// <summary>The allowed names; empty: any.</summary>
    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var configured = configuration[Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var names = configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return names.Contains("*") ? [] : names;
        }
        var url = configuration["Kestrel:Endpoints:Web:Url"] ?? configuration["urls"] ?? "http://localhost:8080";
        var host = BindingUtilities.Host(url.Split(';')[0]);
        return host switch
        {
            "localhost" or "127.0.0.1" or "[::1]" => ["localhost", "127.0.0.1", "[::1]"],
            "0.0.0.0" or "[::]" or "*" or "+" or "" => [],
            _ => [host],
        };
    }

    /// <summary>Refuses (400) a request to the web port whose Host is not an allowed name.</summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app)
    {
        IList<StringSegment> allowed = [.. From(app.ApplicationServices.GetRequiredService<IConfiguration>()).Select(n => new StringSegment(n))];
        if (allowed.Count == 0)
        {
            return app;
        }
        return app.Use(async (context, next) =>
        {
            var listener = MonitorListenerExtensions.ArrivedOn(context);
            var otlp = listener is MonitorListener.OtlpGrpc or MonitorListener.OtlpHttp
                || (listener is null && (context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/opentelemetry.proto.collector")));
            if (!otlp && !HostString.MatchesAny(context.Request.Host.Host, allowed) && !await ReachedByAddressAsync(context))
            {
                await TypedResults.Problem($"Host '{context.Request.Host.Host}' is not one of the names this monitor answers to ({AllowedHosts.Key}).",
                    statusCode: StatusCodes.Status400BadRequest, title: "Host not allowed").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }

    /// <summary>
    /// Probes and scrapers reach a replica by its address (a kubelet by the pod's IP, Prometheus by
    /// its target), never by the public name. The health endpoints give nothing a rebound page could
    /// use (details only to a caller who signed in); /metrics is exempt only for a credential that
    /// verifies, which such a page cannot have: any Authorization header at all would let it through.
    /// </summary>
    private static async ValueTask<bool> ReachedByAddressAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal))
        {
            return true;
        }
        return path.Equals("/metrics", StringComparison.Ordinal) && context.Request.Headers.Authorization.Count > 0
            && (await context.AuthenticateAsync()).Succeeded;
    }

    /// <summary>The framework's own host filtering would refuse OTLP exporters too; this check replaces it.</summary>
    public static IServiceCollection WithoutGlobalHostFiltering(this IServiceCollection services) =>
        services.PostConfigure<HostFilteringOptions>(static o => o.AllowedHosts = ["*"]);

    private static class BindingUtilities
    {
        public static string Host(string url)
        {
            var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
            rest = rest.Split('/')[0];
            if (rest.StartsWith('['))
            {
                return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
            }
            var colon = rest.LastIndexOf(':');
            return (colon >= 0 ? rest[..colon] : rest).ToLowerInvariant();
        }
    }
}
