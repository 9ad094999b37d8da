using Monitor.AlertEngine.Model;
using Monitor.Web.Realtime;

namespace Monitor.Web.Tests.Realtime;

/// <summary>
/// The digest a console compares to decide whether the open alerts it loaded over REST are the
/// hub's: the same alerts at the same versions give the same digest whatever their order; any other
/// version, alert or count gives another.
/// </summary>
public sealed class OpenAlertsDigestTests
{
    private static readonly PerformanceAlert[] Open = [Alert("a", 3), Alert("b", 7), Alert("c", 12)];

    [Fact]
    public void TheSameAlertsInAnotherOrder_TheSameDigest() =>
        Assert.Equal(OpenAlertsDigest.Of(Open), OpenAlertsDigest.Of([Open[2], Open[0], Open[1]]));

    [Fact]
    public void OneAlertAtANewerVersion_AnotherDigest() =>
        Assert.NotEqual(OpenAlertsDigest.Of(Open), OpenAlertsDigest.Of([Open[0], Open[1] with { Version = 8 }, Open[2]]));

    [Fact]
    public void OneAlertLessOrMore_AnotherDigest_ItsCountFirst()
    {
        Assert.StartsWith("2-", OpenAlertsDigest.Of(Open[..2]), StringComparison.Ordinal);
        Assert.NotEqual(OpenAlertsDigest.Of(Open), OpenAlertsDigest.Of([.. Open, Alert("d", 13)]));
        Assert.NotEqual(OpenAlertsDigest.Of(Open), OpenAlertsDigest.Of([Open[0], Open[1], Alert("d", 12)]));
    }

    [Fact]
    public void NothingOpen_ZeroAndAnEmptyHash_WithinTheLongestDigest()
    {
        Assert.Equal("0-0000000000000000", OpenAlertsDigest.Of([]));
        Assert.True($"{int.MaxValue}-ffffffffffffffff".Length <= OpenAlertsDigest.MaxLength);
    }

    private static PerformanceAlert Alert(string id, long version) => new()
    {
        Id = id,
        Type = "error_rate",
        Severity = AlertSeverity.Warning,
        Message = $"alert {id}",
        Timestamp = DateTimeOffset.UnixEpoch,
        LastSeen = DateTimeOffset.UnixEpoch,
        Status = AlertStatus.Firing,
        Fingerprint = $"fp-{id}",
        Labels = new Dictionary<string, string> { ["job"] = id },
        Version = version,
    };
}
