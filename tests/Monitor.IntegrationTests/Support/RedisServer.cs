using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.TestSupport;

/// <summary>
/// A real redis-server on a loopback port of its own, without persistence, locked down as
/// docs/operations.md asks: the default user off, one ACL user with a password that may use only the
/// monitor's channels and keys, and TLS when asked for. A test can kill it (SIGKILL, as a crash)
/// and start it again on the same port, as a restarted Redis would come back.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    public const string User = "monitor";

    private readonly string _binary;
    private readonly string[] _arguments;
    private readonly DirectoryInfo? _tlsFiles;
    private ExternalProcess _process;

    private RedisServer(string binary, int port, bool tls)
    {
        _binary = binary;
        Port = port;
        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var arguments = new List<string> { "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--user", "default", "off", "--user", User, "on", ">" + Password, "~pipeline-monitor:*", "&pipeline-monitor:*", "+@all" };
        if (tls)
        {
            _tlsFiles = Directory.CreateTempSubdirectory("redis-tls-");
            CaCertificate = WriteCertificate(_tlsFiles.FullName);
            arguments.AddRange(["--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture),
                "--tls-cert-file", Path.Combine(_tlsFiles.FullName, "tls.crt"), "--tls-key-file", Path.Combine(_tlsFiles.FullName, "tls.key"),
                "--tls-auth-clients", "no"]);
        }
        else
        {
            arguments.AddRange(["--port", port.ToString(CultureInfo.InvariantCulture)]);
        }
        _arguments = [.. arguments];
        _process = ExternalProcess.Start(binary, _arguments);
    }

    public int Port { get; }

    /// <summary>The ACL user's password, new for each server.</summary>
    public string Password { get; }

    /// <summary>The PEM file of the certificate a TLS server presents (self-signed: its own authority); null without TLS.</summary>
    public string? CaCertificate { get; }

    /// <summary>The value of the monitor's Redis:ConnectionString: the ACL user, its password, and TLS when the server speaks it.</summary>
    public string ConnectionString => CaCertificate is null
        ? $"127.0.0.1:{Port},user={User},password={Password}"
        : $"127.0.0.1:{Port},user={User},password={Password},ssl=true,sslHost=localhost";

    /// <summary>The same server to a client that has no password (what anyone on the network can try).</summary>
    public string AnonymousConnectionString => CaCertificate is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},ssl=true,sslHost=localhost";

    public static async Task<RedisServer> StartAsync(bool tls = false)
    {
        var redis = new RedisServer(ExternalTool.Require("redis-server", "redis-server"), FreePorts.Take(1)[0], tls);
        await redis.WaitAcceptingAsync();
        return redis;
    }

    public void Kill() => _process.KillHard();

    /// <summary>Starts it again on the same port (empty, as Redis without persistence restarts).</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = ExternalProcess.Start(_binary, _arguments);
        await WaitAcceptingAsync();
    }

    private Task WaitAcceptingAsync() => Poll.UntilListeningAsync(Port, _process, "redis-server");

    private static string WriteCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(directory, "tls.crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    public void Dispose()
    {
        _process.Dispose();
        _tlsFiles?.Delete(recursive: true);
    }
}
