using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Otlp.Grpc;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Hosting;

/// <summary>The OTLP/gRPC half of Otlp:RequestBodyTimeout (OTLP/HTTP's body reader keeps its own).</summary>
public static class OtlpBodyDeadlineExtensions
{
    /// <summary>After routing: every request to an OTLP/gRPC endpoint must have its message in hand within Otlp:RequestBodyTimeout.</summary>
    public static IApplicationBuilder UseOtlpGrpcBodyDeadline(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var timeout = services.GetRequiredService<IOptions<OtlpOptions>>().Value.RequestBodyTimeout;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var meter = services.GetRequiredService<CollectorMeter>();
        var log = services.GetRequiredService<CollectorLog>();
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ServedOn>()?.Listener != MonitorListener.OtlpGrpc)
            {
                await next(context);
                return;
            }
            using var deadline = new OtlpGrpcBodyDeadline(context, timeout, time, meter, log);
            context.Features.Set(deadline);
            await next(context);
        });
    }
}
