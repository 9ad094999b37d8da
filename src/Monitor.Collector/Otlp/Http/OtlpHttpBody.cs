using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Monitor.Collector.Otlp.Http;

/// <summary>
/// Reads an OTLP/HTTP body once, into a pooled buffer, never past <c>Otlp:MaxRequestBytes</c>
/// counted after decompression: a gzip bomb is refused after inflating at most the limit.
/// </summary>
internal static class OtlpHttpBody
{
    public static async Task<(OtlpPayload? Body, BodyError Error)> ReadAsync(HttpRequest request, int maxBytes,
        CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        Stream source;
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            if (request.ContentLength > maxBytes)
            {
                return (null, BodyError.TooLarge);
            }
            source = request.Body;
        }
        else if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        }
        else
        {
            return (null, BodyError.UnsupportedEncoding);
        }

        await using (source.ConfigureAwait(false))
        {
            var initial = (int)Math.Min(maxBytes + 1L, request.ContentLength is > 0 and < int.MaxValue ? request.ContentLength.Value + 1 : 64 * 1024);
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 4096));
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length > maxBytes)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            return (null, BodyError.TooLarge);
                        }
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await source.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }
                    length += read;
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, BodyError.TooLarge);
                    }
                }
            }
            catch (InvalidDataException)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, BodyError.CorruptCompression);
            }
            return (new OtlpPayload(buffer, length), BodyError.None);
        }
    }
}
