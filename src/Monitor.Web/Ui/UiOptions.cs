namespace Monitor.Web.Ui;

/// <summary>What the console links out to and how long it keeps reconnecting (the <c>Ui</c> section; docs/configuration.md).</summary>
internal sealed class UiOptions
{
    public const string SectionName = "Ui";

    /// <summary>
    /// A trace viewer's address with <c>{traceId}</c> where the trace id goes, e.g.
    /// <c>http://localhost:16686/trace/{traceId}</c> (Jaeger) or an Aspire dashboard's; empty: trace ids are shown as text.
    /// </summary>
    public string? TraceUrlTemplate { get; set; }

    /// <summary>Grafana's address (e.g. <c>http://localhost:3000</c>): links to the pipeline's dashboard; empty: none.</summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>How many times the console tries to reconnect to the live feed (backing off to 10 s) before it shows Failed.</summary>
    public int ReconnectAttempts { get; set; } = 30;
}
