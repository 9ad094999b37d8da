using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Monitor.Collector.Otlp.Http;

/// <summary>
/// Reads an OTLP/HTTP body once, into a pooled buffer, never past <c>Otlp:MaxRequestBytes</c>
/// counted after decompression (a gzip bomb is refused after inflating at most the limit), and
/// never for longer than <c>Otlp:RequestBodyTimeout</c>. The buffer grows with what has arrived,
/// not with what Content-Length announces: a client trickling a body it says is 4 MiB costs the
/// bytes it sent, not 4 MiB each.
/// </summary>
internal static class OtlpHttpBody
{
    // Most exports (a batch of 512 spans) fit at once; past it the buffer doubles as bytes arrive.
    private const int FirstBuffer = 128 * 1024;

    public static async Task<(OtlpPayload? Body, BodyError Error)> ReadAsync(HttpRequest request, int maxBytes, TimeSpan timeout,
        CancellationToken requestAborted)
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

        using var timer = new CancellationTokenSource(timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timer.Token);
        await using (source.ConfigureAwait(false))
        {
            var announced = request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : FirstBuffer;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, Math.Max(4096, Math.Min(announced + 1, FirstBuffer))));
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
                        // Doubled, but no larger than the announced length needs (plus the byte that shows the end).
                        var doubled = buffer.Length * 2L;
                        var wanted = announced + 1L > buffer.Length ? Math.Min(doubled, announced + 1L) : doubled;
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, maxBytes + 1L));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await source.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), deadline.Token);
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
            catch (Exception error) when (Classify(error, timer.IsCancellationRequested) is var kind && kind != BodyError.None)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, kind);
            }
            return (new OtlpPayload(buffer, length), BodyError.None);
        }
    }

    /// <summary>What a failed read means; None: not a body error (a defect, left to the caller).</summary>
    private static BodyError Classify(Exception error, bool deadlinePassed) => error switch
    {
        InvalidDataException => BodyError.CorruptCompression,
        OperationCanceledException when deadlinePassed => BodyError.TooSlow,
        // The only other token the read was given is the request's own: the connection went away.
        OperationCanceledException => BodyError.ClientAborted,
        // Kestrel's minimum data rate (MinRequestBodyDataRate) refuses with 408.
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => BodyError.TooSlow,
        // "Unexpected end of request content": the connection closed before Content-Length bytes came.
        BadHttpRequestException => BodyError.ClientAborted,
        ConnectionResetException or ConnectionAbortedException or IOException => BodyError.ClientAborted,
        _ => BodyError.None,
    };
}
