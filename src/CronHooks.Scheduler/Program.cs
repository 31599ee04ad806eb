using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Observability;
using CronHooks.Scheduler.Clock;
using CronHooks.Scheduler.Delivery;
using CronHooks.Scheduler.Pausing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.AddCronHooksTelemetry("cronhooks-scheduler");
builder.Services.AddSchedulerMetrics();

builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddClock(builder.Configuration);
builder.Services.AddDelivery(builder.Configuration);
builder.Services.AddPausing();

var app = builder.Build();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready), ResponseWriter = ReadinessResponse.WriteAsync });
app.MapCronHooksMetrics();

await app.RunAsync();

/// <summary>A scheduler node's entry point.</summary>
public partial class Program;
