using System.Globalization;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Otlp.Http;

/// <summary>
/// OTLP/HTTP (specification "OTLP/HTTP"): protobuf or JSON bodies, optional gzip, and the
/// answers the specification gives to each failure. The ingestors decode and do the work; this
/// class reads the body, hands it over and answers.
/// </summary>
internal sealed class OtlpHttpReceiver(
    IngestionGate gate,
    OtlpApiKey apiKey,
    IOptions<OtlpOptions> options,
    CollectorMeter meter,
    CollectorLog log)
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    /// <summary>Reads the body, hands it to the signal's ingest (protobuf bytes or JSON text) and writes the OTLP answer.</summary>
    public async Task HandleAsync<TResponse>(
        HttpContext context,
        Func<ReadOnlySpan<byte>, IngestResult> ingestProtobuf,
        Func<string, IngestResult> ingestJson,
        Func<IngestResult, TResponse> response)
        where TResponse : IMessage<TResponse>
    {
        var request = context.Request;
        var json = IsMediaType(request.ContentType, Json);
        if (!json && !IsMediaType(request.ContentType, Protobuf))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RejectReason.UnsupportedMediaType,
                $"Content-Type must be {Protobuf} or {Json}", json: false);
            return;
        }
        if (!apiKey.IsValid(request.Headers[apiKey.HeaderName]))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, RejectReason.Unauthenticated,
                $"missing or wrong API key in header {apiKey.HeaderName}", json);
            return;
        }
        if (gate.Admit() is { } refusal)
        {
            await RefuseOverloadedAsync(context, json, refusal);
            return;
        }
        OtlpPayload? body;
        BodyError error;
        try
        {
            (body, error) = await OtlpHttpBody.ReadAsync(request, options.Value.MaxRequestBytes, options.Value.RequestBodyTimeout, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            await FailAsync(context, exception, json);
            return;
        }
        switch (error)
        {
            case BodyError.TooLarge:
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, RejectReason.TooLarge,
                    $"request is larger than Otlp:MaxRequestBytes ({options.Value.MaxRequestBytes} bytes) after decompression", json);
                return;
            case BodyError.UnsupportedEncoding:
                await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RejectReason.UnsupportedMediaType,
                    "Content-Encoding must be gzip or identity", json);
                return;
            case BodyError.CorruptCompression:
                await RefuseAsync(context, StatusCodes.Status400BadRequest, RejectReason.Malformed, "gzip body is corrupt", json);
                return;
            case BodyError.TooSlow:
                // The rest of the body will not be read: the connection cannot carry another request.
                context.Response.Headers.Connection = "close";
                await RefuseAsync(context, StatusCodes.Status408RequestTimeout, RejectReason.SlowBody,
                    string.Create(CultureInfo.InvariantCulture, $"the request body did not arrive within Otlp:RequestBodyTimeout ({options.Value.RequestBodyTimeout.TotalSeconds:0.#} s)"), json);
                return;
            case BodyError.ClientAborted:
                meter.Rejected(RejectReason.ClientAborted);
                log.RequestAbortedByClient("HTTP");
                context.Abort();
                return;
        }
        using (body)
        {
            if (!gate.TryTakeSlot())
            {
                await RefuseOverloadedAsync(context, json);
                return;
            }
            try
            {
                await IngestAsync(context, body!, json, ingestProtobuf, ingestJson, response);
            }
            finally
            {
                gate.ReleaseSlot();
            }
        }
    }

    private async Task IngestAsync<TResponse>(
        HttpContext context,
        OtlpPayload body,
        bool json,
        Func<ReadOnlySpan<byte>, IngestResult> ingestProtobuf,
        Func<string, IngestResult> ingestJson,
        Func<IngestResult, TResponse> response)
        where TResponse : IMessage<TResponse>
    {
        try
        {
            IngestResult result;
            try
            {
                result = json ? ingestJson(Encoding.UTF8.GetString(body.Span)) : ingestProtobuf(body.Span);
            }
            catch (Exception exception) when (exception is InvalidProtocolBufferException or MalformedOtlpException
                or InvalidJsonException or FormatException)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, RejectReason.Malformed,
                    $"body is not a valid {(json ? "OTLP/JSON" : "OTLP protobuf")} export request: {exception.Message}", json);
                return;
            }
            if (result.Overloaded)
            {
                await RefuseOverloadedAsync(context, json);
                return;
            }
            await WriteAsync(context, StatusCodes.Status200OK, response(result), json);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            await FailAsync(context, exception, json);
        }
    }

    /// <summary>A defect of ours: logged with its exception, answered without it.</summary>
    private async Task FailAsync(HttpContext context, Exception exception, bool json)
    {
        log.RequestFailed(exception);
        await RefuseAsync(context, StatusCodes.Status500InternalServerError, RejectReason.Internal,
            "the monitor failed to process the request; it was not applied", json);
    }

    private async Task RefuseOverloadedAsync(HttpContext context, bool json, string reason = RejectReason.Overloaded)
    {
        context.Response.Headers.RetryAfter = ((int)options.Value.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, reason,
            $"{IngestionGate.Explain(reason)}; retry after the Retry-After delay", json);
    }

    /// <summary>Answers with a google.rpc.Status body, as the specification asks for failures.</summary>
    private async Task RefuseAsync(HttpContext context, int statusCode, string reason, string message, bool json)
    {
        // Parser messages quote the body: cut, and without half a surrogate pair, which cannot be written out.
        message = BoundedText.Safe(message);
        meter.Rejected(reason);
        log.RequestRefused("HTTP", message);
        var status = new Google.Rpc.Status { Code = (int)GrpcCodeFor(statusCode), Message = message };
        await WriteAsync(context, statusCode, status, json);
    }

    private static Google.Rpc.Code GrpcCodeFor(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => Google.Rpc.Code.InvalidArgument,
        StatusCodes.Status401Unauthorized => Google.Rpc.Code.Unauthenticated,
        StatusCodes.Status408RequestTimeout => Google.Rpc.Code.DeadlineExceeded,
        StatusCodes.Status413PayloadTooLarge => Google.Rpc.Code.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => Google.Rpc.Code.Unavailable,
        StatusCodes.Status500InternalServerError => Google.Rpc.Code.Internal,
        _ => Google.Rpc.Code.InvalidArgument,
    };

    private static Task WriteAsync(HttpContext context, int statusCode, IMessage message, bool json)
    {
        context.Response.StatusCode = statusCode;
        if (json)
        {
            context.Response.ContentType = Json;
            return context.Response.WriteAsync(JsonFormatter.Default.Format(message), context.RequestAborted);
        }
        context.Response.ContentType = Protobuf;
        var bytes = message.ToByteArray();
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static bool IsMediaType(string? contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
