using CronHooks.Api;
using CronHooks.Api.Dashboard;
using CronHooks.Api.Endpoints;
using CronHooks.Api.OpenApi;
using CronHooks.Api.Startup;
using CronHooks.Application;
using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Observability;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Infrastructure.Secrets;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
if (BuildTimeDocument.IsGenerating)
    BuildTimeDocument.AddPlaceholderSettings(builder.Configuration);
builder.AddCronHooksTelemetry("cronhooks-api");

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddAccessTokens();
builder.Services.AddApi();
builder.Services.AddRateLimits();
builder.Services.AddReverseProxySupport();
if (BuildTimeDocument.IsGenerating)
    BuildTimeDocument.WithoutStartupWork(builder.Services);

var app = builder.Build();

// `migrate` applies the schema and exits: the one owner of migrations in ./run.sh and in deployments.
if (args.Contains("migrate") && !BuildTimeDocument.IsGenerating)
{
    await DatabaseMigrator.MigrateAsync(app.Services);
    return;
}

// `reencrypt-secrets` moves every stored secret under Secrets:ActiveKeyId and exits; then old keys can be removed.
if (args.Contains("reencrypt-secrets") && !BuildTimeDocument.IsGenerating)
{
    var outcome = await SecretReencryption.RunAsync(app.Services);
    Environment.ExitCode = outcome.Remaining == 0 ? 0 : 1;
    return;
}

// `admin grant <username>` makes a user admin and exits: how the first admin is made (never by registering).
if (args.Contains("admin") && !BuildTimeDocument.IsGenerating)
{
    Environment.ExitCode = await AdminCommandLine.RunAsync(app.Services, args);
    return;
}

app.UseReverseProxySupport();
// Outermost after the client address is known, so the logged status is the one the client got, after exception handling.
app.UseMiddleware<RequestLogging>();
app.UseCronHooksHttpMetrics();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimit>();
// Before authentication: the pages and scripts are public; the data they show comes from the API with a token.
app.UseDashboard();
app.UseMiddleware<CronHooks.Api.Auth.FailedAuthenticationLimit>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<CronHooks.Api.Auth.ReadOnlyApiKeys>();
app.UseMiddleware<CronHooks.Api.Auth.AdminOnly>();

app.MapCronHooksOpenApi();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready), ResponseWriter = ReadinessResponse.WriteAsync });
app.MapAuthEndpoints();
app.MapWebhooksEndpoints();
app.MapExecutionsEndpoints();
app.MapSchedulesEndpoints();
app.MapApiKeysEndpoints();
app.MapStatsEndpoints();
app.MapAuditEndpoints();
app.MapAdminEndpoints();
app.MapWebhookPauseEndpoints();
app.MapCalendarsEndpoints();
app.MapCronHooksMetrics();

await app.RunAsync();

/// <summary>The API's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
