using System.Diagnostics;
using Monitor.Collector.Pipeline;

namespace Monitor.Collector.Tests.Pipeline;

/// <summary>Trace and span ids held as numbers: the same ids, and the same hex, as W3C trace context's.</summary>
public sealed class SpanIdentifierTests
{
    private static readonly byte[] TraceBytes = Convert.FromHexString("5B8EFFF798038103D269B633813FC60C");
    private static readonly byte[] SpanBytes = Convert.FromHexString("EEE19B7EC3C1B174");

    [Fact]
    public void ToHexString_OfWireBytes_IsWhatActivityIdsWriteForThem()
    {
        Assert.Equal(ActivityTraceId.CreateFromBytes(TraceBytes).ToHexString(), TraceId.FromBytes(TraceBytes).ToHexString());
        Assert.Equal(ActivitySpanId.CreateFromBytes(SpanBytes).ToHexString(), SpanId.FromBytes(SpanBytes).ToHexString());
        Assert.Equal("5b8efff798038103d269b633813fc60c", TraceId.FromBytes(TraceBytes).ToString());
    }

    [Fact]
    public void Parse_EitherCase_ReadsTheIdItsHexWrote()
    {
        var trace = TraceId.FromBytes(TraceBytes);
        var span = SpanId.FromBytes(SpanBytes);

        Assert.Equal(trace, TraceId.Parse(trace.ToHexString()));
        Assert.Equal(trace, TraceId.Parse("5B8EFFF798038103D269B633813FC60C"));
        Assert.Equal(span, SpanId.Parse(span.ToHexString()));
    }

    [Theory]
    [InlineData("5b8efff798038103d269b633813fc6")]
    [InlineData("5b8efff798038103d269b633813fc60c00")]
    public void Parse_NotThirtyTwoDigits_IsRefused(string hex) => Assert.Throws<FormatException>(() => TraceId.Parse(hex));

    [Fact]
    public void Ids_DifferingInOneByte_AreDifferentKeys()
    {
        var other = (byte[])TraceBytes.Clone();
        other[15] ^= 1;
        var seen = new HashSet<TraceId> { TraceId.FromBytes(TraceBytes) };

        Assert.Contains(TraceId.FromBytes(TraceBytes), seen);
        Assert.DoesNotContain(TraceId.FromBytes(other), seen);
    }
}
