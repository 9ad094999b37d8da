using Monitor.Web.Ui;

namespace Monitor.Web.Tests.Ui;

/// <summary>A link template a browser would run as script, or one without its placeholder, is refused at start.</summary>
public sealed class UiOptionsValidationTests
{
    private static IEnumerable<string> Errors(UiOptions options) => new ValidateUiOptions().Validate(null, options).Failures ?? [];

    [Theory]
    [InlineData("http://localhost:16686/trace/{traceId}")]
    [InlineData("https://aspire.example/traces/detail/{traceId}")]
    public void TraceUrlTemplate_HttpWithPlaceholder_Accepted(string template) =>
        Assert.Empty(Errors(new UiOptions { TraceUrlTemplate = template }));

    [Theory]
    [InlineData("javascript:alert('{traceId}')", "absolute http or https")]
    [InlineData("/trace/{traceId}", "absolute http or https")]
    [InlineData("http://jaeger/trace/", "must contain {traceId}")]
    public void TraceUrlTemplate_NotHttpOrNoPlaceholder_Refused(string template, string message) =>
        Assert.Contains(Errors(new UiOptions { TraceUrlTemplate = template }), e => e.Contains(message, StringComparison.Ordinal));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("grafana:3000")]
    public void GrafanaUrl_NotHttp_Refused(string url) =>
        Assert.Contains(Errors(new UiOptions { GrafanaUrl = url }), e => e.StartsWith("Ui:GrafanaUrl", StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void ReconnectAttempts_OutOfRange_Refused(int attempts) =>
        Assert.Contains(Errors(new UiOptions { ReconnectAttempts = attempts }), e => e.StartsWith("Ui:ReconnectAttempts", StringComparison.Ordinal));
}
