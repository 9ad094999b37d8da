# syntax=docker/dockerfile:1
# The monitor: the UI built with Node, the app published with the .NET SDK, run as a non-root user.

FROM node:22-bookworm-slim AS ui
WORKDIR /ui
COPY src/Monitor.Web/ClientApp/package.json src/Monitor.Web/ClientApp/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/Monitor.Web/ClientApp/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY --from=ui /wwwroot/ src/Monitor.Web/wwwroot/
RUN dotnet publish src/Monitor.Web -c Release -o /app -p:SkipClientAppBuild=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /app/data && chown app:app /app/data
USER app
# A 128 MB first generation (DOTNET_GCgen0size, read from the environment only): under overload the
# default budget ran 500-800 collections and 5.4-6.8 s of pauses in 30 s, this one 62-73 and 1.6-1.8 s,
# and the monitor accepted about twice the spans (decision 0019, docs/performance.md).
ENV DOTNET_GCgen0size=0x8000000
ENV ASPNETCORE_ENVIRONMENT=Production \
    Kestrel__Endpoints__Web__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__OtlpGrpc__Url=http://0.0.0.0:4317 \
    Kestrel__Endpoints__OtlpHttp__Url=http://0.0.0.0:4318
EXPOSE 8080 4317 4318
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "Monitor.Web.dll"]
