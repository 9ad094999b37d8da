using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Monitor.Web.Hosting;

/// <summary>
/// Behind a reverse proxy (nginx, an Ingress): the client's address, scheme and host come from
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>, taken only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR). None are named by default, loopback included: any local process (or a page rebound to
/// 127.0.0.1) could otherwise pick the client address the rate limits count and the host the Host
/// check judges. Rate limits then count the real client, the hub's Origin check and the session
/// cookie see the public origin, and AllowedHosts applies to the name the user typed.
/// </summary>
internal static class ProxyExtensions
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddMonitorProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var errors = new List<string>();
        var proxies = Parse<IPAddress>(configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [], $"{Section}:KnownProxies",
            static (string text, out IPAddress value) => IPAddress.TryParse(text, out value!), errors);
        var networks = Parse<System.Net.IPNetwork>(configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [], $"{Section}:KnownNetworks",
            static (string text, out System.Net.IPNetwork value) => System.Net.IPNetwork.TryParse(text, out value), errors);
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(ForwardedHeadersOptions), errors);
        }
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The framework trusts loopback unless told otherwise, and an empty list would mean "any
            // sender": with no proxy named the headers are not read at all.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // A chain of named proxies (a load balancer, then nginx) is walked back to the first
            // address that is not one of them: that is the client.
            o.ForwardLimit = null;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static List<T> Parse<T>(string[] values, string key, TryParse<T> parse, List<string> errors)
    {
        var parsed = new List<T>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (parse(values[i], out var value))
            {
                parsed.Add(value);
            }
            else
            {
                errors.Add($"{key}:{i} must be an address (or a CIDR network for KnownNetworks) (was '{values[i]}').");
            }
        }
        return parsed;
    }
}
