# syntax=docker/dockerfile:1
# The CronHooks API (also runs the one-shot `migrate` step).
# Build from the repository root:  docker build -f deploy/api.Dockerfile -t cronhooks-api .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CronHooks.Domain/CronHooks.Domain.csproj src/CronHooks.Domain/
COPY src/CronHooks.Application/CronHooks.Application.csproj src/CronHooks.Application/
COPY src/CronHooks.Infrastructure/CronHooks.Infrastructure.csproj src/CronHooks.Infrastructure/
COPY src/CronHooks.Api/CronHooks.Api.csproj src/CronHooks.Api/
RUN dotnet restore src/CronHooks.Api/CronHooks.Api.csproj
COPY src/ src/
RUN dotnet publish src/CronHooks.Api/CronHooks.Api.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in unprivileged user; nothing here needs root.
USER $APP_UID
# DOTNET_EnableDiagnostics=0: no diagnostics IPC socket, which a read-only root file system has no room for.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8080
# The runtime image has no curl; bash's /dev/tcp speaks enough HTTP for a liveness check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "CronHooks.Api.dll"]
