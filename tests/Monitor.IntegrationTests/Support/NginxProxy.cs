using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Monitor.TestSupport;

/// <summary>
/// Debian's nginx running the repository's own deploy/nginx/nginx.conf, with only what a test
/// machine changes: the upstream servers, a loopback listening port, a self-signed certificate
/// (127.0.0.1 and localhost) and paths a test may write. TLS, round robin, WebSocket upgrades
/// and the X-Forwarded-* headers are the shipped ones.
/// </summary>
internal sealed partial class NginxProxy : IDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly ExternalProcess _process;

    private NginxProxy(DirectoryInfo directory, ExternalProcess process, int port, X509Certificate2 certificate)
    {
        _directory = directory;
        _process = process;
        Port = port;
        Certificate = certificate;
    }

    public int Port { get; }

    /// <summary>The public origin browsers and clients use.</summary>
    public Uri PublicUri => new($"https://127.0.0.1:{Port}");

    public X509Certificate2 Certificate { get; }

    public string Output => _process.Output;

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        var nginx = ExternalTool.Require("nginx", "nginx");
        var directory = Directory.CreateTempSubdirectory("monitor-nginx-");
        var certificate = WriteCertificate(directory.FullName);
        var port = FreePorts.Take(1)[0];
        File.WriteAllText(Path.Combine(directory.FullName, "nginx.conf"), Render(directory.FullName, port, upstreams));
        var process = ExternalProcess.Start(nginx, "-p", directory.FullName + "/", "-c", "nginx.conf", "-e", "stderr",
            // One process: a worker would drop to 'nobody' when run as root and could not read the key.
            "-g", $"daemon off; master_process off; pid {directory.FullName}/nginx.pid;");
        var proxy = new NginxProxy(directory, process, port, certificate);
        await Poll.UntilListeningAsync(port, process, "nginx");
        return proxy;
    }

    /// <summary>A handler that trusts this proxy's certificate and no other.</summary>
    public SocketsHttpHandler CreateHandler(int maxConnections = int.MaxValue) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, _) => IsOurs(presented) },
    };

    public HttpClient CreateClient(int maxConnections = int.MaxValue) =>
        new(CreateHandler(maxConnections)) { BaseAddress = PublicUri, Timeout = TimeSpan.FromSeconds(60) };

    public bool IsOurs(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    private static string Render(string directory, int port, IReadOnlyList<Uri> upstreams)
    {
        var shipped = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "nginx", "nginx.conf"));
        var servers = string.Concat(upstreams.Select(u => $"    server {u.Authority};\n"));
        var text = Replace(shipped, UpstreamServers(), "$1" + servers, "the upstream's server lines");
        text = Replace(text, ListenLine(), $"listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} ssl http2;", "the listen line");
        text = Replace(text, CertificateDirectory(), directory + "/", "the certificate paths");
        // Debian's nginx writes its temporary files and access log under /var by default.
        var writable = string.Concat(new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }
            .Select(p => $"  {p}_temp_path {directory}/{p}_temp;\n")) + $"  access_log {directory}/access.log;\n";
        return Replace(text, HttpBlock(), "http {\n" + writable, "the http block");
    }

    private static string Replace(string text, Regex pattern, string replacement, string what)
    {
        Assert.True(pattern.IsMatch(text), $"deploy/nginx/nginx.conf has no {what} the cluster tests can point at loopback");
        return pattern.Replace(text, replacement);
    }

    [GeneratedRegex(@"(upstream monitor_web \{\n)(?:\s*server [^;]+;\n)+")]
    private static partial Regex UpstreamServers();

    [GeneratedRegex(@"listen 443 ssl http2;")]
    private static partial Regex ListenLine();

    [GeneratedRegex(@"/etc/nginx/certs/")]
    private static partial Regex CertificateDirectory();

    [GeneratedRegex(@"http \{\n")]
    private static partial Regex HttpBlock();

    private static X509Certificate2 WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    public void Dispose()
    {
        _process.Dispose();
        Certificate.Dispose();
        _directory.Delete(recursive: true);
    }
}
