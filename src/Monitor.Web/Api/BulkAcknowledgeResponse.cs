namespace Monitor.Web.Api;

/// <summary>What acknowledging each alert did, in the order asked.</summary>
internal sealed record BulkAcknowledgeResponse(IReadOnlyList<BulkAcknowledgeResult> Results);
