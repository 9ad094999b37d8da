using Monitor.AlertEngine.Model;

namespace Monitor.Web.Api;

/// <summary>One alert of a bulk acknowledgement: its result and the alert as it stands (null when not found).</summary>
internal sealed record BulkAcknowledgeResult(string Id, AcknowledgeResult Result, PerformanceAlert? Alert);
