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
        // Printed once, to the console only (not a log sink): it is not stored anywhere.
        Console.WriteLine($"""

            ==== PipelineMonitor admin token (shown once; only its hash is kept in {file}) ====
            {token}
            Sign in with it in the UI, or send "Authorization: Bearer <token>". Set Auth__AdminToken to choose your own.
            Delete {file} to have a new one made at the next start.

            """);
        AuthLog.AdminTokenCreated(logger, file);
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
