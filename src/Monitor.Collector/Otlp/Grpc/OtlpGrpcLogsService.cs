using Grpc.Core;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Logs;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>: counted and refused as a partial success (<see cref="LogsIngestor"/>).</summary>
internal sealed class OtlpGrpcLogsService(LogsIngestor ingestor, OtlpGrpcExport export) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(OtlpResponses.Logs(export.Run(request, ingestor.Ingest)));
}
