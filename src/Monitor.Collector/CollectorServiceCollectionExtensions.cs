using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Hosting;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Otlp;
using Monitor.Collector.Otlp.Grpc;
using Monitor.Collector.Otlp.Http;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Runs;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector;

/// <summary>Registers and maps the collector: OTLP receivers, pipeline metrics, the pipeline feed.</summary>
public static class CollectorServiceCollectionExtensions
{
    /// <summary>The meter names of the monitor's own instruments (add them to the OpenTelemetry SDK).</summary>
    public const string MeterName = CollectorMeter.MeterName;

    public static IServiceCollection AddMonitorCollector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OtlpOptions>().Bind(configuration.GetSection(OtlpOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OtlpOptions>, ValidateCollectorOptions>();
        services.AddSingleton<IValidateOptions<OtlpOptions>>(new ValidateOtlpExposure(configuration));
        services.AddSingleton<IValidateOptions<CollectorOptions>, ValidateCollectorOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddSingleton<CollectorMeter>();
        services.AddSingleton<CollectorLog>();
        services.AddSingleton(static provider =>
        {
            var budget = new SeriesBudget(provider.GetRequiredService<IOptions<CollectorOptions>>().Value.MaxSeries);
            var meter = provider.GetRequiredService<CollectorMeter>();
            var log = provider.GetRequiredService<CollectorLog>();
            meter.ObserveSeries(() => budget.Count);
            budget.SeriesRefused += family =>
            {
                meter.Rejected(RejectReason.Cardinality);
                log.CardinalityCapReached(family, budget.MaxSeries);
            };
            return budget;
        });
        services.AddSingleton<MetricRegistry>();
        services.AddSingleton<ISeriesReader>(static provider => provider.GetRequiredService<MetricRegistry>());
        services.AddSingleton<SdkMetricsCollector>();
        services.AddSingleton<ScrapeScheduler>();
        services.AddSingleton<PipelineSeries>();
        services.AddOptions<RunsOptions>().Bind(configuration.GetSection(RunsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RunsOptions>, ValidateRunsOptions>();
        services.AddSingleton<RunSeries>();
        services.AddSingleton<RunTracker>();
        services.AddSingleton<IRunFeed>(static provider => provider.GetRequiredService<RunTracker>());
        services.AddHostedService(static provider => provider.GetRequiredService<RunTracker>());
        services.AddSingleton<PipelineEventChannel>();
        services.AddSingleton<IIngestionBacklog>(static provider => provider.GetRequiredService<PipelineEventChannel>());
        services.AddSingleton<PerformanceTracker>();
        services.AddSingleton<IPipelineFeed>(static provider => provider.GetRequiredService<PerformanceTracker>());
        services.AddHostedService(static provider => provider.GetRequiredService<PerformanceTracker>());
        services.AddSingleton<TraceIngestor>();
        services.AddSingleton<MetricsIngestor>();
        services.AddSingleton<LogsIngestor>();
        services.AddSingleton(static provider =>
        {
            var probe = new SchedulingDelayProbe();
            provider.GetRequiredService<CollectorMeter>().ObserveSchedulingDelay(() => probe.Current.TotalSeconds);
            return probe;
        });
        services.AddHostedService(static provider => provider.GetRequiredService<SchedulingDelayProbe>());
        services.AddSingleton<MemoryLimiter>();
        services.AddSingleton<KestrelQueue>();
        services.AddHostedService(static provider => provider.GetRequiredService<KestrelQueue>());
        services.AddSingleton<IngestionGate>();
        services.AddSingleton<OtlpApiKey>();
        services.AddSingleton<OtlpHttpReceiver>();
        services.AddSingleton<OtlpApiKeyInterceptor>();
        services.AddSingleton<OtlpGrpcExport>();

        services.AddSingleton<OtlpGrpcBodyArrivedInterceptor>();
        services.AddGrpc(static options =>
        {
            // First: the message is in hand (its deadline ends) whatever the next one decides.
            options.Interceptors.Add<OtlpGrpcBodyArrivedInterceptor>();
            options.Interceptors.Add<OtlpApiKeyInterceptor>();
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<OtlpOptions>>(static (grpc, otlp) =>
        {
            grpc.MaxReceiveMessageSize = otlp.Value.MaxRequestBytes;
            grpc.CompressionProviders = [new BoundedGzipCompressionProvider(otlp.Value.MaxRequestBytes)];
        });
        return services;
    }

    /// <summary>Maps OTLP/gRPC (OtlpGrpc listener) and OTLP/HTTP (OtlpHttp listener); the host maps /metrics with its own authorization.</summary>
    public static IEndpointRouteBuilder MapMonitorCollector(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<OtlpGrpcTraceService>().ServedOnListener(MonitorListener.OtlpGrpc);
        endpoints.MapGrpcService<OtlpGrpcMetricsService>().ServedOnListener(MonitorListener.OtlpGrpc);
        endpoints.MapGrpcService<OtlpGrpcLogsService>().ServedOnListener(MonitorListener.OtlpGrpc);
        endpoints.MapOtlpHttp();
        return endpoints;
    }
}
