using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Storage.WebSessions;
using Monitor.Web.Contract;

namespace Monitor.Web.Auth;

/// <summary>
/// Tokens (bearer) for automation and the hub, a cookie for the UI after sign-in, and the read /
/// acknowledge policies. Cookie-authenticated writes must carry <see cref="CsrfHeader"/>, which a
/// cross-site form cannot send.
/// </summary>
internal static class AuthExtensions
{
    public const string CookieName = "__Host-monitor";
    public const string CsrfHeader = "X-Monitor-Request";
    public const string SignInLimiter = "sign-in";
    private const string Selector = "token-or-cookie";

    public static IServiceCollection AddMonitorAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, ValidateAuthOptions>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<CallerRights>();
        services.AddSingleton<LiveSessions>();
        services.AddSingleton<SessionEnds>();
        services.AddHostedService(static provider => provider.GetRequiredService<SessionEnds>());
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "token or cookie", static o => o.ForwardDefaultSelector = static context =>
                BearerTokenHandler.TokenOf(context.Request) is { Length: > 0 } ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, static o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = DatabaseTicketStore.Lifetime;
                o.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = static c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = static c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        // The keys that encrypt the cookie are shared by every replica through the store.
        services.AddDataProtection().SetApplicationName("pipeline-monitor");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>(static (o, provider) =>
            o.XmlRepository = new StoreXmlRepository(provider.GetRequiredService<IDataProtectionKeyStore>(),
                () => provider.GetRequiredService<AlertEngine.Storage.IAlertStoreReadiness>().Ready));
        // The session itself lives server-side: signing out ends it everywhere (see DatabaseTicketStore).
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<DatabaseTicketStore>(static (o, store) => o.SessionStore = store);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Acknowledge, static p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Read, static p => p.AddRequirements(new ReadRequirement()))
            .AddPolicy(Roles.Scrape, static p => p.AddRequirements(new ScrapeRequirement()));
        services.AddSingleton<IAuthorizationHandler, ReadRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, ScrapeRequirementHandler>();
        // Per client address; automation that acknowledges in bulk raises it (RateLimit:ApiPerSecond).
        var apiPerSecond = Math.Max(1, configuration.GetValue("RateLimit:ApiPerSecond", 100));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Guessing a 256-bit token is hopeless anyway; this keeps the log and the CPU quiet.
            o.AddPolicy(SignInLimiter, static context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                static _ => new FixedWindowRateLimiterOptions { PermitLimit = 5, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy("api", context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions { TokenLimit = 2 * apiPerSecond, TokensPerPeriod = apiPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>Cookie-authenticated unsafe requests must carry the custom header (CSRF defence).</summary>
    public static IApplicationBuilder UseCsrfHeaderCheck(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
            if (unsafeMethod && context.Request.Cookies.ContainsKey(CookieName) && BearerTokenHandler.TokenOf(context.Request) is null
                && !context.Request.Headers.ContainsKey(CsrfHeader) && context.Request.Path.StartsWithSegments(WebRoutes.Api))
            {
                await TypedResults.Problem($"Cookie-authenticated writes need the {CsrfHeader} header.", statusCode: StatusCodes.Status403Forbidden)
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    private sealed class ReadRequirement : IAuthorizationRequirement;

    private sealed class ScrapeRequirement : IAuthorizationRequirement;

    private sealed class ScrapeRequirementHandler(Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> options) : AuthorizationHandler<ScrapeRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScrapeRequirement requirement)
        {
            if (options.CurrentValue.AnonymousRead || context.User.IsInRole(Roles.Scraper) || context.User.IsInRole(Roles.Viewer) || context.User.IsInRole(Roles.Admin))
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }

    private sealed class ReadRequirementHandler(Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> options) : AuthorizationHandler<ReadRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadRequirement requirement)
        {
            if (options.CurrentValue.AnonymousRead || context.User.IsInRole(Roles.Viewer) || context.User.IsInRole(Roles.Admin))
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }
}
