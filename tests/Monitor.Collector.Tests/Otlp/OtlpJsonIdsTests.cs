using Google.Protobuf;
using Monitor.Collector.Otlp;

namespace Monitor.Collector.Tests.Otlp;

public sealed class OtlpJsonIdsTests
{
    [Theory]
    [InlineData("5b8efff798038103d269b633813fc60c")]
    [InlineData("EEE19B7EC3C1B174")]
    public void FromMisreadHex_HexIdReadAsBase64_OriginalBytes(string hex)
    {
        var misread = ByteString.FromBase64(hex);

        Assert.Equal(Convert.FromHexString(hex), OtlpJsonIds.FromMisreadHex(misread).ToByteArray());
    }

    [Fact]
    public void FromMisreadHex_Base64ThatIsNotHex_Empty() =>
        Assert.True(OtlpJsonIds.FromMisreadHex(ByteString.FromBase64("zzzzzzzzzzzzzzzz")).IsEmpty);
}
