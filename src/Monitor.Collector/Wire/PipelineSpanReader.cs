using System.Text;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Common;

namespace Monitor.Collector.Wire;

/// <summary>
/// Validates the spans of an <c>ExportTraceServiceRequest</c>, read straight from its protobuf
/// bytes, and turns pipeline spans (those with a <c>pipeline.stage</c>, on the span or inherited
/// from the resource) into <see cref="PipelineSpan"/>s. Spans without a stage are valid OTLP and
/// accepted, they just feed no pipeline metric. Nothing is allocated per span but the strings a
/// pipeline span keeps (module, resource, type, model): building Google.Protobuf's object graph
/// first was most of the ingest cost (docs/performance.md, "Ingest profile").
/// </summary>
internal static class PipelineSpanReader
{
    // Field numbers: collector/trace/v1/trace_service.proto, trace/v1/trace.proto, resource/v1/resource.proto.
    private const int RequestResourceSpans = 1;
    private const int ResourceSpansResource = 1;
    private const int ResourceSpansScopeSpans = 2;
    private const int ResourceSpansSchemaUrl = 3;
    private const int ResourceAttributes = 1;
    private const int ScopeSpansScope = 1;
    private const int ScopeSpansSpans = 2;
    private const int ScopeSpansSchemaUrl = 3;

    /// <summary><c>STATUS_CODE_ERROR</c> in trace/v1/trace.proto.</summary>
    private const int StatusCodeError = 2;

    /// <summary>Longest span the monitor takes: a run of a pipeline may take hours, a week is not a span but a bug.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    private const ulong MaxDurationNanos = 7UL * 24 * 3600 * 1_000_000_000;

    /// <summary>
    /// Reads every span of the request, appending pipeline spans to <paramref name="output"/> and
    /// run root spans to <paramref name="roots"/> (when given); every string kept is cut to
    /// <paramref name="maxTextLength"/> characters.
    /// Throws <see cref="MalformedOtlpException"/> for a body that is not valid protobuf.
    /// </summary>
    public static SpanReadResult Read(ReadOnlySpan<byte> request, List<PipelineSpan> output, int maxTextLength = int.MaxValue,
        List<RunRootSpan>? roots = null)
    {
        var result = new SpanReadResult { MaxTextLength = maxTextLength };
        var reader = new ProtoWireReader(request);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == RequestResourceSpans && type == WireType.LengthDelimited)
            {
                ReadResourceSpans(reader.ReadBytes(), depth: 1, output, roots, ref result);
            }
            else
            {
                reader.Skip(field, type, depth: 0);
            }
        }
        return result;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, int depth, List<PipelineSpan> output, List<RunRootSpan>? roots,
        ref SpanReadResult result)
    {
        // The resource may follow its spans on the wire, and every span needs it: read it first.
        var resource = new ResourceFields();
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (ResourceSpansResource, WireType.LengthDelimited):
                    ReadResource(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), ref resource);
                    break;
                case (ResourceSpansScopeSpans, WireType.LengthDelimited):
                    reader.ReadBytes();
                    break;
                case (ResourceSpansSchemaUrl, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
        var identity = resource.Identity(ref result);
        reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == ResourceSpansScopeSpans && type == WireType.LengthDelimited)
            {
                ReadScopeSpans(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), identity, resource.Inherited, output, roots, ref result);
            }
            else
            {
                reader.Skip(field, type, depth);
            }
        }
    }

    private static void ReadResource(ReadOnlySpan<byte> message, int depth, ref ResourceFields resource)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == ResourceAttributes && type == WireType.LengthDelimited)
            {
                var key = WireAnyValue.ReadKeyValue(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), out var value);
                resource.Apply(key, value);
            }
            else
            {
                reader.Skip(field, type, depth);
            }
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, int depth, ResourceIdentity identity, in SpanFields inherited,
        List<PipelineSpan> output, List<RunRootSpan>? roots, ref SpanReadResult result)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (ScopeSpansScope, WireType.LengthDelimited):
                    TraceWireChecks.Scope(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1));
                    break;
                case (ScopeSpansSpans, WireType.LengthDelimited):
                    var error = ReadSpan(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), identity, inherited, ref result, out var span, out var root);
                    result.Received++;
                    if (error is not null)
                    {
                        result.Reject(error);
                    }
                    else if (span is { } value)
                    {
                        output.Add(value);
                    }
                    else if (root is { } run)
                    {
                        roots?.Add(run);
                    }
                    break;
                case (ScopeSpansSchemaUrl, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
    }

    private static string? ReadSpan(ReadOnlySpan<byte> message, int depth, ResourceIdentity identity, in SpanFields inherited,
        ref SpanReadResult read, out PipelineSpan? result, out RunRootSpan? root)
    {
        result = null;
        root = null;
        var span = new WireSpan(inherited);
        span.Read(message, depth);
        if (!IsValidId(span.TraceId, TraceId.ByteLength))
        {
            return $"span '{span.NameText}': trace_id must be 16 bytes and not all zero";
        }
        if (!IsValidId(span.SpanId, SpanId.ByteLength))
        {
            return $"span '{span.NameText}': span_id must be 8 bytes and not all zero";
        }
        if (span.Start == 0 || span.End == 0)
        {
            return $"span '{span.NameText}': start_time_unix_nano and end_time_unix_nano must be set";
        }
        if (span.End < span.Start)
        {
            return $"span '{span.NameText}': end_time_unix_nano is before start_time_unix_nano";
        }
        if (span.End - span.Start > MaxDurationNanos)
        {
            return $"span '{span.NameText}': lasts longer than {MaxDuration.TotalDays} days; its times cannot be right";
        }
        ref readonly var fields = ref span.Fields;
        if (!fields.Stage.IsPresent)
        {
            if (span.Name.SequenceEqual("pipeline run"u8))
            {
                root = new RunRootSpan(identity.Job, TextOrNull(fields.RunId, ref read, ref read.Truncations.RunId),
                    TraceId.FromBytes(span.TraceId), SpanId.FromBytes(span.SpanId), ToTime(span.Start), ToTime(span.End),
                    span.StatusCode == StatusCodeError || fields.HasErrorType);
            }
            return null;
        }
        if (!TryParseStage(fields.Stage, out var stage))
        {
            return $"span '{span.NameText}': pipeline.stage '{fields.Stage.ToText()}' is not one of module_generation, resource_generation, validation, hooks";
        }
        double? quality = null;
        if (fields.Quality.IsPresent)
        {
            if (!fields.Quality.TryGetNumber(out var score) || score is < 0 or > 1 || double.IsNaN(score))
            {
                return $"span '{span.NameText}': pipeline.quality.score must be a number in [0, 1]";
            }
            quality = score;
        }
        result = new PipelineSpan(
            identity.Job,
            identity.Instance,
            stage,
            span.StatusCode == StatusCodeError || fields.HasErrorType,
            (span.End - span.Start) / 1e9,
            ToTime(span.End),
            TraceId.FromBytes(span.TraceId),
            SpanId.FromBytes(span.SpanId),
            TextOrNull(fields.ModuleId, ref read, ref read.Truncations.ModuleId),
            TextOrNull(fields.ResourceId, ref read, ref read.Truncations.ResourceId),
            TextOrNull(fields.ResourceType, ref read, ref read.Truncations.ResourceType),
            quality,
            TextOrNull(fields.Model, ref read, ref read.Truncations.Model),
            Tokens(fields.InputTokens),
            Tokens(fields.OutputTokens),
            TextOrNull(fields.RunId, ref read, ref read.Truncations.RunId),
            IsValidId(span.ParentSpanId, 8));
        return null;
    }

    private static DateTimeOffset ToTime(ulong unixNanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static bool IsValidId(ReadOnlySpan<byte> id, int length) => id.Length == length && id.ContainsAnyExcept((byte)0);

    private static bool TryParseStage(in WireAnyValue value, out PipelineStage stage)
    {
        stage = default;
        return value.Kind == AnyValue.ValueOneofCase.StringValue && PipelineStageNames.TryParse(value.Utf8, out stage);
    }

    private static string? TextOrNull(in WireAnyValue value, ref SpanReadResult read, ref long truncations)
    {
        if (!value.IsPresent)
        {
            return null;
        }
        var text = value.ToText(read.MaxTextLength, out var truncated);
        truncations += truncated ? 1 : 0;
        return text;
    }

    private static long Tokens(in WireAnyValue value) => value.TryGetNumber(out var tokens) ? (long)tokens : 0;

    /// <summary>The pipeline attributes of a span or resource; a later value of a key replaces an earlier one.</summary>
    private ref struct SpanFields
    {
        public WireAnyValue Stage;
        public WireAnyValue ModuleId;
        public WireAnyValue ResourceId;
        public WireAnyValue ResourceType;
        public WireAnyValue Quality;
        public WireAnyValue Model;
        public WireAnyValue InputTokens;
        public WireAnyValue OutputTokens;
        public WireAnyValue RunId;
        public bool HasErrorType;

        public void Apply(ReadOnlySpan<byte> key, WireAnyValue value)
        {
            // Keys are compared as UTF-8 bytes; the length test skips most of them at once.
            switch (key.Length)
            {
                case 10 when key.SequenceEqual("error.type"u8):
                    HasErrorType = true;
                    break;
                case 14 when key.SequenceEqual("pipeline.stage"u8):
                    Stage = value;
                    break;
                case 15 when key.SequenceEqual("pipeline.run.id"u8):
                    RunId = value;
                    break;
                case 18 when key.SequenceEqual("pipeline.module.id"u8):
                    ModuleId = value;
                    break;
                case 20 when key.SequenceEqual("pipeline.resource.id"u8):
                    ResourceId = value;
                    break;
                case 20 when key.SequenceEqual("gen_ai.request.model"u8):
                    Model = value;
                    break;
                case 22 when key.SequenceEqual("pipeline.resource.type"u8):
                    ResourceType = value;
                    break;
                case 22 when key.SequenceEqual("pipeline.quality.score"u8):
                    Quality = value;
                    break;
                case 25 when key.SequenceEqual("gen_ai.usage.input_tokens"u8):
                    InputTokens = value;
                    break;
                case 26 when key.SequenceEqual("gen_ai.usage.output_tokens"u8):
                    OutputTokens = value;
                    break;
            }
        }
    }

    /// <summary>A resource's identity attributes (the first of each key counts) and the pipeline attributes its spans inherit.</summary>
    private ref struct ResourceFields
    {
        public SpanFields Inherited;
        private WireAnyValue _name;
        private WireAnyValue _namespace;
        private WireAnyValue _instance;

        public void Apply(ReadOnlySpan<byte> key, WireAnyValue value)
        {
            if (key.SequenceEqual("service.name"u8))
            {
                _name = _name.IsPresent ? _name : value;
            }
            else if (key.SequenceEqual("service.namespace"u8))
            {
                _namespace = _namespace.IsPresent ? _namespace : value;
            }
            else if (key.SequenceEqual("service.instance.id"u8))
            {
                _instance = _instance.IsPresent ? _instance : value;
            }
            Inherited.Apply(key, value);
        }

        /// <summary>job and instance as <see cref="ResourceIdentity.From"/> makes them (string values only), cut to the limit.</summary>
        public readonly ResourceIdentity Identity(ref SpanReadResult read)
        {
            var max = read.MaxTextLength;
            var name = StringOrNull(_name, max);
            var ns = StringOrNull(_namespace, max);
            var job = string.IsNullOrEmpty(name) ? ResourceIdentity.UnknownService : name;
            if (!string.IsNullOrEmpty(ns))
            {
                job = ns + "/" + job;
            }
            job = BoundedText.Cut(job, max, out var jobCut);
            var instance = BoundedText.Cut(StringOrNull(_instance, max) ?? string.Empty, max, out var instanceCut);
            read.Truncations.ServiceName += jobCut ? 1 : 0;
            read.Truncations.Instance += instanceCut ? 1 : 0;
            return new ResourceIdentity(job, instance);
        }

        // Decodes a little past the limit at most; the cut (and its count) happens on the whole job.
        private static string? StringOrNull(in WireAnyValue value, int max) =>
            value.Kind == AnyValue.ValueOneofCase.StringValue ? BoundedText.FromUtf8(value.Utf8, max == int.MaxValue ? max : max + 1, out _) : null;
    }

    /// <summary>The fields of one <c>Span</c> message the monitor uses; the rest are checked and skipped.</summary>
    private ref struct WireSpan(in SpanFields inherited)
    {
        public SpanFields Fields = inherited;
        public ReadOnlySpan<byte> TraceId;
        public ReadOnlySpan<byte> SpanId;
        public ReadOnlySpan<byte> ParentSpanId;
        public ReadOnlySpan<byte> Name;
        public ulong Start;
        public ulong End;
        public int StatusCode;

        public readonly string NameText => Encoding.UTF8.GetString(Name);

        public void Read(ReadOnlySpan<byte> message, int depth)
        {
            var reader = new ProtoWireReader(message);
            while (reader.TryReadTag(out var field, out var type))
            {
                switch ((field, type))
                {
                    case (1, WireType.LengthDelimited):
                        TraceId = reader.ReadBytes();
                        break;
                    case (2, WireType.LengthDelimited):
                        SpanId = reader.ReadBytes();
                        break;
                    case (3, WireType.LengthDelimited): // trace_state
                        reader.ReadString();
                        break;
                    case (4, WireType.LengthDelimited):
                        ParentSpanId = reader.ReadBytes();
                        break;
                    case (5, WireType.LengthDelimited):
                        Name = reader.ReadString();
                        break;
                    case (7, WireType.Fixed64):
                        Start = reader.ReadFixed64();
                        break;
                    case (8, WireType.Fixed64):
                        End = reader.ReadFixed64();
                        break;
                    case (9, WireType.LengthDelimited):
                        var key = WireAnyValue.ReadKeyValue(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), out var value);
                        Fields.Apply(key, value);
                        break;
                    case (11, WireType.LengthDelimited):
                        TraceWireChecks.Event(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1));
                        break;
                    case (13, WireType.LengthDelimited):
                        TraceWireChecks.Link(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1));
                        break;
                    case (15, WireType.LengthDelimited):
                        StatusCode = TraceWireChecks.Status(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), StatusCode);
                        break;
                    default:
                        // kind, the dropped counts, flags and unknown fields.
                        reader.Skip(field, type, depth);
                        break;
                }
            }
        }
    }
}
