using Monitor.Web;
using Monitor.Web.Hosting;

// Before anything rents from the shared array pool, which reads its capacity once.
SharedArrayPoolCapacity.Raise();
await MonitorApp.Build(args).RunAsync();
