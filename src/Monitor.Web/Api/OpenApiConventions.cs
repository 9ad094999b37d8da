using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Monitor.Web.Auth;

namespace Monitor.Web.Api;

/// <summary>
/// What the OpenAPI document says beyond each handler's own results: how to authenticate
/// (bearer token or the UI's session cookie) and the answers every protected, rate-limited or
/// cookie-writable endpoint can give (401, 403, 429). A test drives each endpoint through its
/// failure modes and fails on any status the document does not list.
/// </summary>
internal static class OpenApiConventions
{
    private const string Bearer = "bearer";
    private const string Cookie = "cookie";

    public static OpenApiOptions DescribeMonitor(this OpenApiOptions options)
    {
        options.AddDocumentTransformer(static (document, _, _) =>
        {
            document.Info.Title = "PipelineMonitor API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An admin, viewer or metrics token (Auth:AdminToken, Auth:ViewerTokens, Auth:MetricsToken).",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = AuthExtensions.CookieName,
                Description = "The UI's session after POST /api/auth/sign-in; writes also need the X-Monitor-Request header.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(static (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= [];
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count > 0)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [],
                    [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [],
                });
                Add(operation, StatusCodes.Status401Unauthorized, "No valid token or session (reading without one needs Auth:AnonymousRead).");
            }
            var unsafeMethod = context.Description.HttpMethod is not ("GET" or "HEAD" or "OPTIONS");
            if (policies.Contains(Roles.Acknowledge) || (unsafeMethod && context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true))
            {
                Add(operation, StatusCodes.Status403Forbidden, "Not an admin, or a cookie-authenticated write without the X-Monitor-Request header.");
            }
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            {
                Add(operation, StatusCodes.Status429TooManyRequests, "Too many requests from this address (RateLimit:ApiPerSecond; sign-in: 5 a minute).");
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Add(OpenApiOperation operation, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse { Description = description });
}
