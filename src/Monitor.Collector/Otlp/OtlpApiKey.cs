using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Otlp;

/// <summary>
/// The optional ingestion API key (<c>Otlp:ApiKey</c>). Only its SHA-256 is kept, and keys are
/// compared hash to hash in constant time, so neither timing nor length tells anything.
/// </summary>
internal sealed class OtlpApiKey
{
    private readonly byte[]? _expectedHash;

    public OtlpApiKey(IOptions<OtlpOptions> options)
    {
        var key = options.Value.ApiKey;
        _expectedHash = string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
        HeaderName = options.Value.ApiKeyHeader;
    }

    public string HeaderName { get; }

    public bool IsValid(string? presented)
    {
        if (_expectedHash is null)
        {
            return true;
        }
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
