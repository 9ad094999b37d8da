using Google.Protobuf;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Resource;
using Monitor.Collector.Protocol.Trace;
using Monitor.Collector.Wire;
using Monitor.TestSupport;

namespace Monitor.Collector.Tests.Wire;

/// <summary>
/// The span reader reads OTLP trace exports straight from protobuf bytes: it must find what the
/// message says, and refuse exactly the bodies Google.Protobuf's generated parser refuses.
/// </summary>
public sealed class PipelineSpanReaderTests
{
    [Fact]
    public void Read_PipelineSpan_EveryFieldFromSpanAndResource()
    {
        var span = OtlpRequests.Span("resource_generation");
        span.Attributes.Add(Text("pipeline.module.id", "module-7"));
        span.Attributes.Add(Text("pipeline.resource.id", "resource-3"));
        span.Attributes.Add(new KeyValue { Key = "pipeline.quality.score", Value = new AnyValue { DoubleValue = 0.75 } });
        span.Attributes.Add(Text("gen_ai.request.model", "gpt-4o"));
        span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 800 } });
        span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { DoubleValue = 1200 } });
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "failed" };
        span.Events.Add(new Span.Types.Event { Name = "retry", Attributes = { Text("attempt", "2") } });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId, TraceState = "a=b" });
        var request = Request(span, Text("service.name", "ai"), Text("service.namespace", "team"),
            Text("service.instance.id", "worker-1"), Text("pipeline.resource.type", "terraform"));

        var (spans, result) = Read(request);

        Assert.Equal((1L, 0L, (string?)null), Counts(result));
        var read = Assert.Single(spans);
        Assert.Equal("team/ai", read.Job);
        Assert.Equal("worker-1", read.Instance);
        Assert.Equal(PipelineStage.ResourceGeneration, read.Stage);
        Assert.True(read.Failed);
        Assert.Equal(0.5, read.DurationSeconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), read.EndTime);
        Assert.Equal("5b8efff798038103d269b633813fc60c", read.TraceId.ToHexString());
        Assert.Equal("eee19b7ec3c1b174", read.SpanId.ToHexString());
        Assert.Equal("module-7", read.ModuleId);
        Assert.Equal("resource-3", read.ResourceId);
        Assert.Equal("terraform", read.ResourceType);
        Assert.Equal(0.75, read.QualityScore);
        Assert.Equal("gpt-4o", read.Model);
        Assert.Equal(800, read.InputTokens);
        Assert.Equal(1200, read.OutputTokens);
    }

    [Fact]
    public void Read_SpanAttributes_OverrideTheResourceAndTheLastValueWins()
    {
        var span = OtlpRequests.Span("hooks");
        span.Attributes.Add(Text("pipeline.resource.type", "helm"));
        span.Attributes.Add(Text("pipeline.resource.type", "kustomize"));
        var request = Request(span, Text("service.name", "first"), Text("service.name", "second"), Text("pipeline.resource.type", "terraform"));

        var read = Assert.Single(Read(request).Spans);

        Assert.Equal("first", read.Job); // service.name: the first one counts, as for every resource identity
        Assert.Equal("kustomize", read.ResourceType);
    }

    [Fact]
    public void Read_NonStringValues_KeptAsTheirTextForm()
    {
        var span = OtlpRequests.Span("validation");
        span.Attributes.Add(new KeyValue { Key = "pipeline.module.id", Value = new AnyValue { IntValue = 42 } });
        span.Attributes.Add(new KeyValue { Key = "pipeline.resource.id", Value = new AnyValue { BoolValue = true } });
        span.Attributes.Add(new KeyValue
        {
            Key = "pipeline.resource.type",
            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 1 } } } },
        });
        span.Attributes.Add(new KeyValue { Key = "gen_ai.request.model" });
        span.Attributes.Add(new KeyValue { Key = "error.type", Value = new AnyValue { StringValue = "timeout" } });

        var read = Assert.Single(Read(Request(span, Text("service.name", "kinds"))).Spans);

        Assert.Equal("42", read.ModuleId);
        Assert.Equal("true", read.ResourceId);
        Assert.Equal("[\"a\",1]", read.ResourceType);
        Assert.Equal(string.Empty, read.Model);
        Assert.True(read.Failed);
    }

    [Fact]
    public void Read_SpanWithoutStage_CountedButNotAPipelineSpan()
    {
        var (spans, result) = Read(Request(OtlpRequests.Span(stage: null), Text("service.name", "plain")));

        Assert.Empty(spans);
        Assert.Equal((1L, 0L, (string?)null), Counts(result));
    }

    [Theory]
    [InlineData("bad-trace-id", "span 'bad-trace-id': trace_id must be 16 bytes and not all zero")]
    [InlineData("zero-span-id", "span 'zero-span-id': span_id must be 8 bytes and not all zero")]
    [InlineData("backwards", "span 'backwards': end_time_unix_nano is before start_time_unix_nano")]
    [InlineData("zero-start", "span 'zero-start': start_time_unix_nano and end_time_unix_nano must be set")]
    [InlineData("eight-days", "span 'eight-days': lasts longer than 7 days; its times cannot be right")]
    [InlineData("unknown-stage", "span 'unknown-stage': pipeline.stage 'deploy' is not one of module_generation, resource_generation, validation, hooks")]
    [InlineData("quality", "span 'quality': pipeline.quality.score must be a number in [0, 1]")]
    [InlineData("quality-text", "span 'quality-text': pipeline.quality.score must be a number in [0, 1]")]
    public void Read_UnusableSpan_RejectedWithItsReason(string name, string reason)
    {
        var span = OtlpRequests.Span(name == "unknown-stage" ? "deploy" : "hooks", name: name);
        switch (name)
        {
            case "bad-trace-id":
                span.TraceId = ByteString.CopyFrom(new byte[15]);
                break;
            case "zero-span-id":
                span.SpanId = ByteString.CopyFrom(new byte[8]);
                break;
            case "backwards":
                span.EndTimeUnixNano = span.StartTimeUnixNano - 1;
                break;
            case "zero-start":
                // The drill: start 0 made a span of 56 years and critical slow-module alerts.
                span.StartTimeUnixNano = 0;
                break;
            case "eight-days":
                span.StartTimeUnixNano = span.EndTimeUnixNano - (ulong)TimeSpan.FromDays(8).Ticks * 100;
                break;
            case "quality":
                span.Attributes.Add(new KeyValue { Key = "pipeline.quality.score", Value = new AnyValue { DoubleValue = 1.5 } });
                break;
            case "quality-text":
                span.Attributes.Add(Text("pipeline.quality.score", "high"));
                break;
        }

        var (spans, result) = Read(Request(span, Text("service.name", "bad"), OtlpRequests.Span("hooks")));

        Assert.Single(spans);
        Assert.Equal((2L, 1L, reason), Counts(result));
    }

    [Fact]
    public void Read_ResourceAfterItsSpansOnTheWire_StillAppliesToThem()
    {
        var scopeSpans = new ScopeSpans { Spans = { OtlpRequests.Span("hooks") } };
        var resource = new Resource { Attributes = { Text("service.name", "late-resource") } };
        // ResourceSpans with field 2 (scope_spans) written before field 1 (resource).
        var resourceSpans = new MemoryStream();
        using (var output = new CodedOutputStream(resourceSpans, leaveOpen: true))
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(scopeSpans);
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(resource);
        }
        var request = new MemoryStream();
        using (var output = new CodedOutputStream(request, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(resourceSpans.ToArray()));
        }

        var spans = new List<PipelineSpan>();
        PipelineSpanReader.Read(request.ToArray(), spans);

        Assert.Equal("late-resource", Assert.Single(spans).Job);
    }

    [Fact]
    public void Read_ValuesLongerThanTheLimit_CutWithAMarkerAndCounted()
    {
        var span = OtlpRequests.Span("resource_generation");
        span.Attributes.Add(Text("pipeline.module.id", new string('m', 1000)));
        span.Attributes.Add(Text("pipeline.resource.type", "😀" + new string('t', 300)));
        span.Attributes.Add(Text("gen_ai.request.model", "short"));
        var spans = new List<PipelineSpan>();

        var result = PipelineSpanReader.Read(Request(span, Text("service.name", new string('s', 1 << 20))).ToByteArray(), spans, maxTextLength: 256);

        var read = Assert.Single(spans);
        Assert.Equal((256, 256, 256), (read.Job.Length, read.ModuleId!.Length, read.ResourceType!.Length));
        Assert.EndsWith("…", read.Job, StringComparison.Ordinal);
        Assert.StartsWith("😀t", read.ResourceType, StringComparison.Ordinal);
        Assert.Equal("short", read.Model);
        Assert.Equal((1L, 1L, 1L, 0L), (result.Truncations.ServiceName, result.Truncations.ModuleId, result.Truncations.ResourceType, result.Truncations.Model));
    }

    [Fact]
    public void Read_EmptyRequest_NothingRead() =>
        Assert.Equal((0L, 0L, (string?)null), Counts(PipelineSpanReader.Read([], [])));

    [Fact]
    public void Read_TruncatedAnywhere_RefusedExactlyWhenTheGeneratedParserRefusesIt()
    {
        var body = RichRequest().ToByteArray();

        for (var length = 0; length < body.Length; length++)
        {
            AssertSameVerdict(body.AsSpan(0, length).ToArray(), $"truncated to {length} of {body.Length} bytes");
        }
    }

    [Fact]
    public void Read_RandomlyCorrupted_RefusedExactlyWhenTheGeneratedParserRefusesIt()
    {
        var body = RichRequest().ToByteArray();
        var random = new Random(20261125);

        for (var i = 0; i < 20_000; i++)
        {
            var corrupted = body.ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(corrupted.Count);
                switch (random.Next(3))
                {
                    case 0:
                        corrupted[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        corrupted.Insert(at, (byte)random.Next(256));
                        break;
                    default:
                        corrupted.RemoveAt(at);
                        break;
                }
            }
            AssertSameVerdict([.. corrupted], $"corruption {i}");
        }
    }

    [Theory]
    [InlineData(90)]
    [InlineData(95)]
    [InlineData(96)]
    [InlineData(97)]
    [InlineData(120)]
    public void Read_DeeplyNestedValues_RefusedAtTheGeneratedParsersDepthLimit(int arrays)
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < arrays; i++)
        {
            value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        }
        var span = OtlpRequests.Span("hooks");
        span.Attributes.Add(new KeyValue { Key = "nested", Value = value });

        AssertSameVerdict(Request(span, Text("service.name", "deep")).ToByteArray(), $"{arrays} nested arrays");
    }

    [Fact]
    public void Read_UnknownFieldsAndGroups_Ignored()
    {
        var body = OtlpRequests.Traces("unknown", OtlpRequests.Span("hooks")).ToByteArray();
        // Field 99 as a varint, a fixed32, and a group holding a string, after the known fields.
        byte[] unknown = [0x98, 0x06, 0x01, 0x9D, 0x06, 1, 2, 3, 4, 0x9B, 0x06, 0x0A, 0x01, 0x78, 0x9C, 0x06];

        AssertSameVerdict([.. body, .. unknown], "unknown fields");
        Assert.Single(Read([.. body, .. unknown]).Spans);
    }

    private static void AssertSameVerdict(byte[] body, string what)
    {
        var generatedRefuses = false;
        try
        {
            ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            generatedRefuses = true;
        }
        var readerRefuses = false;
        try
        {
            PipelineSpanReader.Read(body, []);
        }
        catch (MalformedOtlpException)
        {
            readerRefuses = true;
        }
        Assert.True(generatedRefuses == readerRefuses,
            $"{what}: Google.Protobuf {(generatedRefuses ? "refuses" : "accepts")}, the span reader {(readerRefuses ? "refuses" : "accepts")}: {Convert.ToHexString(body)}");
    }

    /// <summary>A request using every message and field kind of the trace protocol.</summary>
    private static ExportTraceServiceRequest RichRequest()
    {
        var span = OtlpRequests.Span("module_generation", name: "generate");
        span.ParentSpanId = span.SpanId;
        span.TraceState = "vendor=1";
        span.Kind = Span.Types.SpanKind.Internal;
        span.Flags = 1;
        span.DroppedAttributesCount = 1;
        span.DroppedEventsCount = 2;
        span.DroppedLinksCount = 3;
        span.Attributes.Add(new KeyValue { Key = "pipeline.quality.score", Value = new AnyValue { DoubleValue = 0.5 } });
        span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = -3 } });
        span.Attributes.Add(new KeyValue
        {
            Key = "map",
            Value = new AnyValue
            {
                KvlistValue = new KeyValueList { Values = { Text("k", "v"), new KeyValue { Key = "b", Value = new AnyValue { BytesValue = ByteString.CopyFromUtf8("x") } } } },
            },
        });
        span.Events.Add(new Span.Types.Event { TimeUnixNano = 5, Name = "event", Attributes = { Text("e", "é") }, DroppedAttributesCount = 1 });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId, TraceState = "s", Attributes = { Text("l", "1") }, Flags = 1 });
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        var request = Request(span, Text("service.name", "rich"), new KeyValue { Key = "flag", Value = new AnyValue { BoolValue = true } });
        request.ResourceSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.26.0";
        request.ResourceSpans[0].ScopeSpans[0].Scope = new InstrumentationScope { Name = "scope", Version = "1", Attributes = { Text("s", "t") } };
        request.ResourceSpans[0].ScopeSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.26.0";
        request.ResourceSpans[0].Resource.DroppedAttributesCount = 2;
        return request;
    }

    private static ExportTraceServiceRequest Request(Span span, params KeyValue[] resourceAttributes) => Request([span], resourceAttributes);

    private static ExportTraceServiceRequest Request(Span span, KeyValue resourceAttribute, Span second) => Request([span, second], [resourceAttribute]);

    private static ExportTraceServiceRequest Request(Span[] spans, KeyValue[] resourceAttributes)
    {
        var resource = new Resource();
        resource.Attributes.AddRange(resourceAttributes);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(new ScopeSpans { Spans = { spans } });
        return new ExportTraceServiceRequest { ResourceSpans = { resourceSpans } };
    }

    private static (List<PipelineSpan> Spans, SpanReadResult Result) Read(ExportTraceServiceRequest request) => Read(request.ToByteArray());

    private static (List<PipelineSpan> Spans, SpanReadResult Result) Read(byte[] body)
    {
        var spans = new List<PipelineSpan>();
        var result = PipelineSpanReader.Read(body, spans);
        return (spans, result);
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static (long Received, long Rejected, string? FirstError) Counts(SpanReadResult result) => (result.Received, result.Rejected, result.FirstError);
}
