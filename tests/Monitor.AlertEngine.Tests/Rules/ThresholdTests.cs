using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Rules;

namespace Monitor.AlertEngine.Tests.Rules;

/// <summary>Severity, the For delay and the hysteresis band of a threshold.</summary>
public sealed class ThresholdTests
{
    private static readonly DateTimeOffset T0 = Alerts.T0;

    [Theory]
    [InlineData(0.04, null)]
    [InlineData(0.05, AlertSeverity.Warning)]
    [InlineData(0.19, AlertSeverity.Warning)]
    [InlineData(0.20, AlertSeverity.Critical)]
    public void SeverityOf_GreaterThanOrEqual_AtTheThresholdBreaches(double value, AlertSeverity? expected) =>
        Assert.Equal(expected, new Threshold(0.05, 0.20, ThresholdOperator.GreaterThanOrEqual, TimeSpan.Zero, 0.1).SeverityOf(value));

    [Theory]
    [InlineData(0.05, null)]
    [InlineData(0.0500001, AlertSeverity.Warning)]
    [InlineData(0.20, AlertSeverity.Warning)]
    [InlineData(0.2000001, AlertSeverity.Critical)]
    public void SeverityOf_GreaterThan_AtTheThresholdDoesNotBreach(double value, AlertSeverity? expected) =>
        Assert.Equal(expected, new Threshold(0.05, 0.20, ThresholdOperator.GreaterThan, TimeSpan.Zero, 0.1).SeverityOf(value));

    [Theory]
    [InlineData(0.95, null)]
    [InlineData(0.90, AlertSeverity.Warning)]
    [InlineData(0.75, AlertSeverity.Critical)]
    public void SeverityOf_LessThanOrEqual_AtTheThresholdBreaches(double value, AlertSeverity? expected) =>
        Assert.Equal(expected, new Threshold(0.90, 0.75, ThresholdOperator.LessThanOrEqual, TimeSpan.Zero, 0.1).SeverityOf(value));

    [Theory]
    [InlineData(0.90, null)]
    [InlineData(0.8999999, AlertSeverity.Warning)]
    [InlineData(0.75, AlertSeverity.Warning)]
    [InlineData(0.7499999, AlertSeverity.Critical)]
    public void SeverityOf_LessThan_AtTheThresholdDoesNotBreach(double value, AlertSeverity? expected) =>
        Assert.Equal(expected, new Threshold(0.90, 0.75, ThresholdOperator.LessThan, TimeSpan.Zero, 0.1).SeverityOf(value));

    [Theory]
    [InlineData(">", 10.0, false)]
    [InlineData(">", 9.0, true)]
    [InlineData(">=", 10.0, false)]
    [InlineData(">=", 8.9, true)]
    [InlineData("<", 10.0, false)]
    [InlineData("<", 11.0, true)]
    [InlineData("<=", 10.0, false)]
    [InlineData("<=", 11.1, true)]
    public void IsClear_EachOperator_OnlyPastTheHysteresisBandOnItsOwnSide(string symbol, double value, bool clear)
    {
        Assert.True(ThresholdOperators.TryParse(symbol, out var op));
        var threshold = new Threshold(10, op.HigherIsWorse() ? 20 : 5, op, TimeSpan.Zero, 0.1);

        Assert.Equal(clear, threshold.IsClear(value));
    }

    [Fact]
    public void IsClear_StrictOperatorWithoutHysteresis_ClearsAtTheThreshold()
    {
        var threshold = new Threshold(10, 20, ThresholdOperator.GreaterThan, TimeSpan.Zero, 0);

        Assert.Null(threshold.SeverityOf(10));
        Assert.True(threshold.IsClear(10));
    }

    [Fact]
    public void Prune_ScopeNotObservedSince_ForgetsItsBreach()
    {
        var threshold = new Threshold(0.05, 0.2, ThresholdOperator.GreaterThanOrEqual, TimeSpan.FromMinutes(1), 0.1);
        threshold.Decide("gone", 0.1, T0);
        threshold.Decide("still", 0.1, T0.AddMinutes(9));

        threshold.Prune(T0.AddMinutes(5));

        Assert.Equal(1, threshold.Tracked);
    }

    [Fact]
    public void Decide_BreachShorterThanFor_DoesNotFire()
    {
        var threshold = new Threshold(0.05, 0.2, ThresholdOperator.GreaterThanOrEqual, TimeSpan.FromSeconds(30), 0.1);

        var first = threshold.Decide("f", 0.1, T0);
        var early = threshold.Decide("f", 0.1, T0.AddSeconds(29));
        var due = threshold.Decide("f", 0.1, T0.AddSeconds(30));

        Assert.Null(first.Severity);
        Assert.Null(early.Severity);
        Assert.Equal(AlertSeverity.Warning, due.Severity);
    }

    [Fact]
    public void Decide_BreachInterrupted_ForStartsOver()
    {
        var threshold = new Threshold(0.05, 0.2, ThresholdOperator.GreaterThanOrEqual, TimeSpan.FromSeconds(30), 0.1);
        threshold.Decide("f", 0.1, T0);

        threshold.Decide("f", 0.01, T0.AddSeconds(20));
        var afterGap = threshold.Decide("f", 0.1, T0.AddSeconds(40));

        Assert.Null(afterGap.Severity);
    }

    [Fact]
    public void Decide_ValueHoveringAtTheThreshold_ClearsOnlyPastTheHysteresisBand()
    {
        var threshold = new Threshold(0.05, 0.2, ThresholdOperator.GreaterThanOrEqual, TimeSpan.Zero, 0.1);

        var breach = threshold.Decide("f", 0.05, T0);
        var justBelow = threshold.Decide("f", 0.046, T0.AddSeconds(1));
        var back = threshold.Decide("f", 0.05, T0.AddSeconds(2));
        var clear = threshold.Decide("f", 0.044, T0.AddSeconds(3));

        Assert.Equal(AlertSeverity.Warning, breach.Severity);
        Assert.False(justBelow.ClearsAlert);
        Assert.Null(justBelow.Severity);
        Assert.Equal(AlertSeverity.Warning, back.Severity);
        Assert.True(clear.ClearsAlert);
    }

    [Fact]
    public void HistogramQuantile_InterpolatesInsideTheBucket()
    {
        double[] bounds = [0.1, 0.5, 1, double.PositiveInfinity];
        double[] cumulative = [10, 90, 100, 100];

        Assert.Equal(0.3, CustomRule.HistogramQuantile(0.5, bounds, cumulative)!.Value, 10);
        // rank 95 lies in (0.5, 1], which holds ranks 90..100: 0.5 + 0.5 * 5 / 10.
        Assert.Equal(0.75, CustomRule.HistogramQuantile(0.95, bounds, cumulative)!.Value, 10);
        Assert.Null(CustomRule.HistogramQuantile(0.5, bounds, [0, 0, 0, 0]));
    }

    [Fact]
    public void ErrorRateRule_FewerSamplesThanMinimum_NeitherBreachesNorClears()
    {
        var rules = new RuleSet(new MonitoringOptions());
        var rule = rules.WindowRules.Single(r => r.Name == RuleCatalogue.ErrorRate);
        var breaches = new List<RuleBreach>();
        var clears = new List<string>();

        rule.Evaluate(Snapshots.Of("few", samples: 19, errorRate: 1), T0, breaches, clears);
        rule.Evaluate(Snapshots.Of("enough", samples: 20, errorRate: 0.25), T0, breaches, clears);

        var breach = Assert.Single(breaches);
        Assert.Equal(("enough", AlertSeverity.Critical), (breach.Scope["job"], breach.Severity));
        Assert.Empty(clears);
        Assert.Contains("error rate 0.25 is at or above the critical threshold 0.2 (job=enough)", breach.Message, StringComparison.Ordinal);
    }
}
