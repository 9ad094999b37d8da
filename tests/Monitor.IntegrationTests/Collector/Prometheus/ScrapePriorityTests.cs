using System.Globalization;
using System.Net;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Protocol.Metrics;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Prometheus;

/// <summary>
/// /metrics is written on a thread of its own below the process's priority, so that a large scrape
/// takes the CPU OTLP exports leave rather than an even share of it (docs/performance.md, "Scrape while ingesting").
/// </summary>
public sealed class ScrapePriorityTests
{
    [Fact]
    public async Task ScrapeScheduler_RunsItsWorkOnOneThread_AtNiceTenOnLinux()
    {
        using var scheduler = new ScrapeScheduler();

        var (thread, nice) = await Task.Factory.StartNew(() => (Environment.CurrentManagedThreadId, ReadNice("thread-self")),
            TestContext.Current.CancellationToken, TaskCreationOptions.None, scheduler);
        var (again, _) = await Task.Factory.StartNew(() => (Environment.CurrentManagedThreadId, 0),
            TestContext.Current.CancellationToken, TaskCreationOptions.None, scheduler);

        Assert.Equal(thread, again);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(ScrapeScheduler.LinuxNice, nice);
            Assert.Equal(0, ReadNice("self"));
        }
    }

    [Fact]
    public async Task ScrapeScheduler_Disposed_StillRunsWhatIsHandedToIt()
    {
        var scheduler = new ScrapeScheduler();
        scheduler.Dispose();

        var ran = await Task.Factory.StartNew(() => true, TestContext.Current.CancellationToken, TaskCreationOptions.None, scheduler)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(ran);
    }

    [Fact]
    public async Task Scrape_IsWrittenByTheScrapeThread()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads the thread's CPU time from /proc (Linux)");
        var cancel = TestContext.Current.CancellationToken;
        await using var monitor = await MonitorHost.StartAsync();
        var gauge = new Metric { Name = "priority_series", Gauge = new Gauge() };
        for (var i = 0; i < 20_000; i++)
        {
            var point = new NumberDataPoint { AsInt = i };
            point.Attributes.Add(OtlpRequests.Attribute("series", i.ToString(CultureInfo.InvariantCulture)));
            gauge.Gauge.DataPoints.Add(point);
        }
        using var export = await monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("priority", gauge)), cancel);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var scheduler = monitor.Get<ScrapeScheduler>();
        await Poll.UntilAsync(() => Task.FromResult(scheduler.LinuxThreadId), id => id != 0, "the scrape thread started", TimeSpan.FromSeconds(10));
        var before = CpuTicks(scheduler.LinuxThreadId);

        // About 200 ms of writing: the thread's CPU time, counted in 10 ms ticks, must move.
        for (var i = 0; i < 10; i++)
        {
            var text = await monitor.Web.GetStringAsync("/metrics", cancel);
            Assert.Contains("priority_series{", text, StringComparison.Ordinal);
        }

        Assert.True(CpuTicks(scheduler.LinuxThreadId) > before, "the scrape thread did not run the scrapes");
    }

    /// <summary>The nice value (field 19 of /proc/.../stat) of this process or of the calling thread.</summary>
    private static int ReadNice(string which) => int.Parse(StatFields($"/proc/{which}/stat")[19 - 3], CultureInfo.InvariantCulture);

    /// <summary>A thread's user + system CPU time in clock ticks (fields 14 and 15).</summary>
    private static long CpuTicks(int threadId)
    {
        var fields = StatFields($"/proc/self/task/{threadId}/stat");
        return long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>The fields after the command name (which may hold spaces, hence the last ')'): field 3 first.</summary>
    private static string[] StatFields(string path)
    {
        var stat = File.ReadAllText(path);
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
