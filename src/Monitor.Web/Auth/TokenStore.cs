using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Monitor.Web.Auth;

/// <summary>
/// The tokens that may sign in, kept as SHA-256 hashes only and compared in constant time. Tokens
/// are 256 random bits (base64url); they never reach a log.
/// </summary>
internal sealed class TokenStore
{
    private readonly byte[] _adminHash;
    private readonly byte[][] _viewerHashes;
    private readonly byte[]? _metricsHash;

    public TokenStore(IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<TokenStore> logger)
    {
        var auth = options.Value;
        _viewerHashes = [.. auth.ViewerTokens.Select(Hash)];
        _metricsHash = string.IsNullOrEmpty(auth.MetricsToken) ? null : Hash(auth.MetricsToken);
        if (!string.IsNullOrEmpty(auth.AdminToken))
        {
            _adminHash = Hash(auth.AdminToken);
            return;
        }
        var file = Path.GetFullPath(auth.TokenHashFile, environment.ContentRootPath);
        if (File.Exists(file))
        {
            _adminHash = Convert.FromHexString(File.ReadAllText(file).Trim());
            return;
        }
        var token = NewToken();
        _adminHash = Hash(token);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Convert.ToHexStringLower(_adminHash));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Announce(token, file);
        AuthLog.AdminTokenCreated(logger, file);
    }

    /// <summary>
    /// Tells the operator the first start's token. On a terminal it is printed once (it is stored
    /// nowhere). When the output goes to a log instead (a container's, a service manager's journal),
    /// which keeps it and shows it to whoever reads logs, it is written to a file only this user
    /// may read, beside the hash, and the output says where: read it, sign in, delete the file.
    /// </summary>
    private static void Announce(string token, string hashFile)
    {
        if (!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER") != "true")
        {
            Console.WriteLine($"""

                ==== PipelineMonitor admin token (shown once; only its hash is kept in {hashFile}) ====
                {token}
                Sign in with it in the UI, or send "Authorization: Bearer <token>". Set Auth__AdminToken to choose your own.
                Delete {hashFile} to have a new one made at the next start.

                """);
            return;
        }
        var tokenFile = Path.Combine(Path.GetDirectoryName(hashFile)!, "admin-token");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Made owner-only, not chmod-ed after: no moment at which another user could read it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(tokenFile, System.Text.Encoding.UTF8, options))
        {
            writer.WriteLine(token);
        }
        Console.WriteLine($"""

            ==== PipelineMonitor admin token: made on this first start, written to {tokenFile} (this user only) ====
            Not printed here: this output goes to a log. Read it there (docker compose exec monitor cat {tokenFile}),
            sign in with it, then delete the file; only its hash is kept, in {hashFile}. Set Auth__AdminToken to choose your own.

            """);
    }

    /// <summary>The role of <paramref name="token"/>, or null when it is not a valid token.</summary>
    public string? RoleOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }
        var hash = Hash(token);
        if (CryptographicOperations.FixedTimeEquals(hash, _adminHash))
        {
            return Roles.Admin;
        }
        var viewer = false;
        foreach (var candidate in _viewerHashes)
        {
            viewer |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }
        if (viewer)
        {
            return Roles.Viewer;
        }
        return _metricsHash is not null && CryptographicOperations.FixedTimeEquals(hash, _metricsHash) ? Roles.Scraper : null;
    }

    internal static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
