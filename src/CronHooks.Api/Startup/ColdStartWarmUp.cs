using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.TriggerWebhook;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Mediator;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Startup;

/// <summary>
/// Does the first-request work of the hot paths once at start — EF Core's model, the queries and inserts it compiles
/// on first use, the token handler's setup, response serialisation, then one request through the server (routing
/// builds every endpoint's delegate on the first) — so the first run-now after a start answers about as fast as later
/// ones (it took ~1 s, later ones ~25 ms). Writes nothing: its rows are rolled back and its request is refused (401).
/// A database out of reach only skips it.
/// </summary>
internal sealed class ColdStartWarmUp(
    IServiceScopeFactory scopes, IAccessTokenIssuer tokens, IOptionsMonitor<JwtBearerOptions> bearer, IServer server, TimeProvider clock,
    ILogger<ColdStartWarmUp> logger) : IHostedLifecycleService
{
    private string? token;

    /// <summary>Whether the last warm-up ran to its end (it is skipped, not retried, when the database is out of reach).</summary>
    public bool Warmed { get; private set; }

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            await WarmUpAsync(budget.Token);
            Warmed = true;
            logger.LogInformation("Warmed up the request paths in {Elapsed} ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // Never the start's own error: when another part of the start fails (a missing key), the host cancels and
            // disposes under it, and that failure, not this one, is what the operator must see.
            if (!cancellationToken.IsCancellationRequested)
                logger.LogInformation("Warm-up skipped ({Reason}); the first requests pay for it", e.GetType().Name);
        }
    }

    /// <summary>Once the server listens: a run-now for a webhook that does not exist, by a user who does not either.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || token is null)
            return; // an in-memory test server, or the warm-up above was skipped
        try
        {
            var local = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)).Uri;
            using var http = new HttpClient { BaseAddress = local, Timeout = Budget };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{Guid.NewGuid()}/trigger");
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            if (!cancellationToken.IsCancellationRequested)
                logger.LogInformation("Warm-up request skipped ({Reason})", e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(), Username = $"warm-up-{Guid.NewGuid():N}", Email = "warm-up@invalid.example",
            PasswordHash = "-", CreatedAt = now, PasswordChangedAt = now,
        };
        token = tokens.Issue(user).Value;
        var validated = await new JsonWebTokenHandler { MapInboundClaims = false }
            .ValidateTokenAsync(token, bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var webhook = new Webhook
        {
            Id = Guid.CreateVersion7(), OwnerId = user.Id, Name = "warm-up", Url = "https://warm-up.invalid.example/",
            ScheduleType = ScheduleType.Once, ScheduledAt = now.AddYears(1), CreatedAt = now, UpdatedAt = now,
        };
        webhook.RefreshScheduleKey();
        db.Users.Add(user);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);

        // The run-now request itself, as its endpoint sends it: same handler, same scoped DbContext (so inside the
        // transaction), the caller taken from the token as for a request; then its answer as the endpoint writes it.
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(validated.ClaimsIdentity), RequestServices = scope.ServiceProvider };
        try
        {
            var run = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new TriggerWebhookCommand(webhook.Id), cancellationToken);
            var json = scope.ServiceProvider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            _ = JsonSerializer.SerializeToUtf8Bytes(run, json);
        }
        finally
        {
            accessor.HttpContext = null;
        }
        await transaction.RollbackAsync(cancellationToken);
    }
}
