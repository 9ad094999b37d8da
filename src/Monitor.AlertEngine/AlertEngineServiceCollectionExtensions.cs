using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Cluster;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Evaluation;
using Monitor.AlertEngine.Health;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Notifications;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Runs;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Outbox;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.AlertEngine.Storage.WebSessions;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine;

/// <summary>Registers the alert engine: rules, evaluation loop, lifecycle, store, write queue, cluster, health monitor.</summary>
public static class AlertEngineServiceCollectionExtensions
{
    public const string MeterName = AlertMeter.MeterName;

    /// <summary>Health checks tagged with this make up readiness (/readyz).</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddMonitorAlertEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, ValidateMonitoringOptions>();
        services.AddOptions<RunChecksOptions>().Bind(configuration.GetSection(RunChecksOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RunChecksOptions>, ValidateRunChecksOptions>();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, ValidateStorageOptions>();
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName))
            .Configure(o =>
            {
                o.RedisConnectionString ??= configuration["Redis:ConnectionString"];
                o.RedisCaCertificate ??= configuration["Redis:CaCertificate"];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ValidateClusterOptions>();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, ValidateNotificationOptions>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<AlertMeter>();
        services.AddSingleton<AlertLog>();
        services.AddSingleton<RuleSource>();
        services.AddSingleton<IDeliveryPlanner, DeliveryPlanner>();
        // The engine is chosen here, once; every store takes it.
        services.AddSingleton(static provider => StoreEngine.For(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        // Every commit of the alert store is told to the replica's open set, which publishes it.
        services.AddSingleton<IAlertStore>(static provider => new AlertStore(provider.GetRequiredService<StoreEngine>(), provider.GetRequiredService<IDeliveryPlanner>(),
            provider.GetRequiredService<OpenAlertSet>()));
        services.AddSingleton<INotificationOutbox>(static provider => new NotificationOutbox(provider.GetRequiredService<StoreEngine>()));
        services.AddSingleton<IRunStore>(static provider => new RunStore(provider.GetRequiredService<StoreEngine>()));
        // The readers' view of the same stores (a test's replacement of a store is what they read).
        services.AddSingleton<IAlertHistory>(static provider => provider.GetRequiredService<IAlertStore>());
        services.AddSingleton<IRunHistory>(static provider => provider.GetRequiredService<IRunStore>());
        services.AddSingleton<INotificationLog>(static provider => provider.GetRequiredService<INotificationOutbox>());
        services.AddSingleton<RunStoreSync>();
        services.AddSingleton<ISharedRunStarts>(static provider => provider.GetRequiredService<RunStoreSync>());
        services.AddSingleton<IPipelineRetention, WatchedPipelines>();
        services.AddHostedService(static provider => provider.GetRequiredService<RunStoreSync>());
        services.AddSingleton<ISessionStore>(static provider => new SessionStore(provider.GetRequiredService<StoreEngine>()));
        services.AddSingleton<IDataProtectionKeyStore>(static provider => new DataProtectionKeyStore(provider.GetRequiredService<StoreEngine>()));
        services.AddSingleton<AlertStoreService>();
        services.AddHostedService(static provider => provider.GetRequiredService<AlertStoreService>());
        services.AddSingleton<IAlertStoreReadiness>(static provider => provider.GetRequiredService<AlertStoreService>());
        services.AddSingleton<AlertWriteQueue>();
        services.AddHostedService(static provider => provider.GetRequiredService<AlertWriteQueue>());
        services.AddSingleton<OpenAlertSet>();
        services.AddSingleton<IAlertFeed>(static provider => provider.GetRequiredService<OpenAlertSet>());
        services.AddSingleton<BreachThrottle>();
        services.AddSingleton<AlertCommands>();
        services.AddSingleton<IAlertCommands>(static provider => provider.GetRequiredService<AlertCommands>());
        services.AddSingleton<IClusterBus>(static provider =>
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value is { RedisConnectionString.Length: > 0 } cluster
                ? new RedisClusterBus(cluster, provider.GetRequiredService<AlertLog>(), provider.GetRequiredService<AlertMeter>(), provider.GetRequiredService<TimeProvider>())
                : new InProcessClusterBus());
        services.AddSingleton<AlertCluster>();
        services.AddHostedService(static provider => provider.GetRequiredService<AlertCluster>());
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(static provider => provider.GetRequiredService<AlertEvaluator>());
        services.AddHttpClient(AlertmanagerClient.HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<AlertmanagerClient>();
        services.AddSingleton<WebhookClient>();
        services.AddSingleton<ReceiverHealth>();
        services.AddSingleton<NotificationMeter>();
        services.AddSingleton<NotificationLog>();
        services.AddHostedService<NotificationDispatcher>();
        services.AddHostedService<AlertmanagerResender>();
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<IHealthFeed>(static provider => provider.GetRequiredService<HealthMonitor>());
        services.AddHostedService(static provider => provider.GetRequiredService<HealthMonitor>());

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<ReceiversHealthCheck>("receivers", tags: [ReadyTag])
            .AddCheck<IngestionHealthCheck>("ingestion", tags: [ReadyTag])
            .AddCheck<PipelineActivityHealthCheck>("pipelines")
            .AddCheck<NotificationsHealthCheck>("notifications");
        return services;
    }
}
