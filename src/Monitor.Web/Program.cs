using Monitor.Web;
using Monitor.Web.Hosting;

// Before anything rents from the shared array pool, which reads its capacity once.
SharedArrayPoolCapacity.Raise();
WebApplication app;
try
{
    app = MonitorApp.Build(args);
}
catch (Exception error) when (ConfigurationRefusal.Lines(error) is { Count: > 0 } lines)
{
    return ConfigurationRefusal.Report(lines, Console.Error);
}
await app.RunAsync();
return 0;
