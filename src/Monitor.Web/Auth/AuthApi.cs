using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitor.Web.Contract;

namespace Monitor.Web.Auth;

/// <summary>UI sign-in: a token exchanged for the HttpOnly cookie; sign-out; who am I.</summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(WebRoutes.Auth).WithTags("Auth");
        group.MapPost("/sign-in", SignInAsync).WithName("SignIn").WithSummary("Exchange a token for the session cookie").RequireRateLimiting(AuthExtensions.SignInLimiter)
            .Produces(StatusCodes.Status401Unauthorized);
        group.MapPost("/sign-out", (Func<HttpContext, Task<NoContent>>)SignOutAsync).WithName("SignOut").WithSummary("End the session");
        group.MapGet("/me", Me).WithName("Me").WithSummary("The caller's role (anonymous, viewer or admin)");
        return group;
    }

    /// <param name="Token">An admin or viewer token.</param>
    /// <param name="Name">Who is signing in, recorded with their acknowledgements (default: the role).</param>
    internal sealed record SignInRequest([property: Required, MaxLength(512)] string Token, [property: MaxLength(100)] string? Name = null);

    internal sealed record Identity(string Role, string? Name, bool AnonymousRead);

    private static async Task<Results<Ok<Identity>, UnauthorizedHttpResult, ValidationProblem>> SignInAsync(SignInRequest request, TokenStore tokens,
        HttpContext context, Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> options)
    {
        if (string.IsNullOrWhiteSpace(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["A token is required."] });
        }
        if (tokens.RoleOf(request.Token) is not { } role)
        {
            return TypedResults.Unauthorized();
        }
        if (request.Name is { Length: > 100 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["At most 100 characters."] });
        }
        var name = string.IsNullOrWhiteSpace(request.Name) ? role : request.Name.Trim();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.Ok(new Identity(role, name, options.CurrentValue.AnonymousRead));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Ok<Identity> Me(ClaimsPrincipal user, Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> options) =>
        TypedResults.Ok(new Identity(
            user.IsInRole(Roles.Admin) ? Roles.Admin : user.IsInRole(Roles.Viewer) ? Roles.Viewer : "anonymous",
            user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            options.CurrentValue.AnonymousRead));
}
