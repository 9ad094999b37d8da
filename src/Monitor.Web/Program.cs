using Monitor.Web;

await MonitorApp.Build(args).RunAsync();
