using Monitor.Web.Realtime;

namespace Monitor.Web.Api;

/// <summary>
/// <c>GET /api/alerts/open</c>: every open alert as a list row, oldest first, and the digest of
/// that set (<see cref="OpenAlertsDigest"/>) to hand to the hub's <c>SyncAlerts</c>.
/// </summary>
internal sealed record OpenAlertsView(string Digest, AlertSummary[] Alerts);
