using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Tests.Prometheus;

/// <summary>The OTLP-to-Prometheus name rules of the OpenTelemetry compatibility specification.</summary>
public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", false, false, "http_server_request_duration_seconds")]
    [InlineData("ai.requests", "{request}", true, false, "ai_requests_total")]
    [InlineData("ai.requests_total", "{request}", true, false, "ai_requests_total")]
    [InlineData("process.cpu.time", "s", true, false, "process_cpu_time_seconds_total")]
    [InlineData("queue.fill", "1", false, true, "queue_fill_ratio")]
    [InlineData("errors", "1", true, false, "errors_total")]
    [InlineData("throughput", "By/s", false, true, "throughput_bytes_per_second")]
    [InlineData("latency", "ms", false, false, "latency_milliseconds")]
    [InlineData("latency_seconds", "s", false, false, "latency_seconds")]
    [InlineData("memory.usage", "MiBy", false, true, "memory_usage_mebibytes")]
    [InlineData("weird--name!!", "", false, true, "weird_name_")]
    [InlineData("2xx.responses", "", true, false, "_2xx_responses_total")]
    [InlineData("temperature", "Cel", false, true, "temperature_celsius")]
    [InlineData("custom", "widgets", false, true, "custom_widgets")]
    public void MetricName_OtlpNameAndUnit_PrometheusName(string otlpName, string unit, bool counter, bool gauge, string expected) =>
        Assert.Equal(expected, PrometheusNames.MetricName(otlpName, unit, counter, gauge));

    [Theory]
    [InlineData("service.version", "service_version")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("9lives", "key_9lives")]
    [InlineData("_private", "key_private")]
    // Prometheus drops labels starting with "__" after relabelling, so they get the prefix too.
    [InlineData("__reserved", "key_reserved")]
    [InlineData("läbel", "l_bel")]
    public void LabelName_AttributeKey_ValidLabelName(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.LabelName(key));
}
