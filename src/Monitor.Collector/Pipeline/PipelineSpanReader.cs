using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Monitor.Collector.Otlp;
using Monitor.Collector.Otlp.Protocol.Collector.Trace;
using Monitor.Collector.Otlp.Protocol.Common;
using Monitor.Collector.Otlp.Protocol.Trace;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// Validates the spans of an export request and turns pipeline spans (those with a
/// <c>pipeline.stage</c>, on the span or inherited from the resource) into <see cref="PipelineSpan"/>s.
/// Spans without a stage are valid OTLP and accepted, they just feed no pipeline metric.
/// </summary>
internal static class PipelineSpanReader
{
    /// <summary>Reads every span of <paramref name="request"/>, appending pipeline spans to <paramref name="output"/>.</summary>
    public static SpanReadResult Read(ExportTraceServiceRequest request, List<PipelineSpan> output)
    {
        long received = 0;
        long rejected = 0;
        string? firstError = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var identity = ResourceIdentity.From(resourceSpans.Resource);
            var inherited = resourceSpans.Resource is { } resource ? Collect(resource.Attributes, default) : default;
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    received++;
                    var error = Read(span, identity, inherited, out var pipelineSpan);
                    if (error is not null)
                    {
                        rejected++;
                        firstError ??= error;
                    }
                    else if (pipelineSpan is { } value)
                    {
                        output.Add(value);
                    }
                }
            }
        }
        return new SpanReadResult(received, rejected, firstError);
    }

    private static string? Read(Span span, ResourceIdentity identity, in SpanFields inherited, out PipelineSpan? result)
    {
        result = null;
        if (!IsValidId(span.TraceId, 16))
        {
            return $"span '{span.Name}': trace_id must be 16 bytes and not all zero";
        }
        if (!IsValidId(span.SpanId, 8))
        {
            return $"span '{span.Name}': span_id must be 8 bytes and not all zero";
        }
        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return $"span '{span.Name}': end_time_unix_nano is before start_time_unix_nano";
        }
        var fields = Collect(span.Attributes, inherited);
        if (fields.Stage is null)
        {
            return null;
        }
        if (!PipelineStageNames.TryParse(fields.Stage, out var stage))
        {
            return $"span '{span.Name}': pipeline.stage '{fields.Stage}' is not one of module_generation, resource_generation, validation, hooks";
        }
        if (fields.QualityError || fields.Quality is < 0 or > 1 || (fields.Quality is { } q && double.IsNaN(q)))
        {
            return $"span '{span.Name}': pipeline.quality.score must be a number in [0, 1]";
        }
        var failed = span.Status?.Code == Status.Types.StatusCode.Error || fields.HasErrorType;
        result = new PipelineSpan(
            identity.Job,
            identity.Instance,
            stage,
            failed,
            (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e9,
            DateTimeOffset.UnixEpoch.AddTicks((long)(span.EndTimeUnixNano / 100)),
            ActivityTraceId.CreateFromBytes(span.TraceId.Span),
            ActivitySpanId.CreateFromBytes(span.SpanId.Span),
            fields.ModuleId,
            fields.ResourceId,
            fields.ResourceType,
            fields.Quality,
            fields.Model,
            fields.InputTokens,
            fields.OutputTokens);
        return null;
    }

    private static bool IsValidId(ByteString id, int length) =>
        id.Length == length && id.Span.ContainsAnyExcept((byte)0);

    /// <summary>One pass over the attributes; values not on the span come from <paramref name="inherited"/>.</summary>
    private static SpanFields Collect(RepeatedField<KeyValue> attributes, in SpanFields inherited)
    {
        var fields = inherited;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            var value = attribute.Value;
            switch (attribute.Key)
            {
                case PipelineAttributes.Stage:
                    fields.Stage = OtlpAttributes.ToText(value);
                    break;
                case PipelineAttributes.ModuleId:
                    fields.ModuleId = OtlpAttributes.ToText(value);
                    break;
                case PipelineAttributes.ResourceId:
                    fields.ResourceId = OtlpAttributes.ToText(value);
                    break;
                case PipelineAttributes.ResourceType:
                    fields.ResourceType = OtlpAttributes.ToText(value);
                    break;
                case PipelineAttributes.QualityScore:
                    fields.QualityError = !OtlpAttributes.TryGetNumber(value, out var quality);
                    fields.Quality = fields.QualityError ? null : quality;
                    break;
                case PipelineAttributes.ErrorType:
                    fields.HasErrorType = true;
                    break;
                case PipelineAttributes.GenAiModel:
                    fields.Model = OtlpAttributes.ToText(value);
                    break;
                case PipelineAttributes.GenAiInputTokens:
                    fields.InputTokens = OtlpAttributes.TryGetNumber(value, out var input) ? (long)input : 0;
                    break;
                case PipelineAttributes.GenAiOutputTokens:
                    fields.OutputTokens = OtlpAttributes.TryGetNumber(value, out var output) ? (long)output : 0;
                    break;
            }
        }
        return fields;
    }

    private struct SpanFields
    {
        public string? Stage;
        public string? ModuleId;
        public string? ResourceId;
        public string? ResourceType;
        public double? Quality;
        public bool QualityError;
        public bool HasErrorType;
        public string? Model;
        public long InputTokens;
        public long OutputTokens;
    }
}

/// <summary>What reading a trace export found: spans seen, spans rejected and why (the first reason).</summary>
internal readonly record struct SpanReadResult(long Received, long Rejected, string? FirstError);
