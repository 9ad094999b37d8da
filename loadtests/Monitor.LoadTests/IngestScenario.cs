using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 1: concurrent exporters send 512-span exports over gRPC or HTTP/protobuf for a while.
/// Accepted spans/s, export latency, the monitor's CPU and RSS, and received == sent.
/// </summary>
internal static class IngestScenario
{
    public static async Task<IngestOutcome> RunAsync(MonitorProcess monitor, bool grpc, int exporters, TimeSpan duration, string command)
    {
        var name = $"Ingest over {(grpc ? "gRPC" : "HTTP/protobuf")}, {exporters} exporters";
        var report = new Report(name, command);
        var request = Otlp.Batch(grpc ? "load-grpc" : "load-http", 512);
        var body = request.ToByteArray();
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        long accepted = 0, refused = 0, failed = 0;
        var receivedBefore = await monitor.SampleAsync("monitor_otlp_received_spans_total{");
        var cpuBefore = monitor.CpuSeconds();
        var rssMax = monitor.RssMiB();
        var wall = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        // A channel (an HTTP/2 connection) per exporter, as separate exporters have: eight exporters
        // multiplexed on one connection were limited by that connection, the monitor at 0.83 cores.
        var channels = Enumerable.Range(0, exporters).Select(_ => GrpcChannel.ForAddress(monitor.Grpc, new GrpcChannelOptions { MaxSendMessageSize = null })).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = exporters }) { BaseAddress = monitor.Http };
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                rssMax = Math.Max(rssMax, monitor.RssMiB());
                await Task.Delay(250);
            }
        });
        var workers = Enumerable.Range(0, exporters).Select(exporter => Task.Run(async () =>
        {
            var client = new TraceService.TraceServiceClient(channels[exporter]);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (grpc)
                    {
                        await client.ExportAsync(request);
                        Interlocked.Add(ref accepted, 512);
                    }
                    else
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new("application/x-protobuf");
                        using var response = await http.PostAsync("/v1/traces", content);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Add(ref accepted, 512);
                        }
                        else if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                        {
                            Interlocked.Increment(ref refused);
                            continue;
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                            continue;
                        }
                    }
                    lock (latency)
                    {
                        latency.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    }
                }
                catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
                catch (Exception)
                {
                    break;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
        await sampler;
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = monitor.CpuSeconds() - cpuBefore;
        var cores = cpu / seconds;
        var received = await monitor.SampleAsync("monitor_otlp_received_spans_total{") - receivedBefore;

        report.Figure("accepted spans/s", accepted / seconds, "");
        report.Latency("export latency", latency);
        report.Figure("refused exports (retryable)", refused, "");
        report.Figure("failed exports", failed, "");
        report.Figure("monitor CPU", cores, "cores");
        report.Figure("monitor CPU per span", accepted == 0 ? 0 : cpu * 1e6 / accepted, "us");
        report.Figure("monitor RSS max", rssMax, "MiB");
        report.Figure("spans received by the monitor / accepted", $"{received:0} / {accepted}");
        report.Goal(">= 100,000 spans/s", accepted / seconds >= 100_000, $"{accepted / seconds:0}");
        report.Goal("export p99 < 50 ms", latency.TotalCount > 0 && latency.GetValueAtPercentile(99) < 50_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("zero loss (received >= accepted)", received >= accepted, $"{received:0} received, {accepted} accepted");
        return new IngestOutcome(report, accepted / seconds, rssMax, latency.TotalCount == 0 ? 0 : latency.GetValueAtPercentile(99) / 1000.0);
    }
}

/// <summary>An ingest run's report and the figures the overload scenario is measured against.</summary>
internal sealed record IngestOutcome(Report Report, double AcceptedSpansPerSecond, double RssMaxMiB, double ExportP99Ms);
