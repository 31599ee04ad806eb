using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Runs first at start: a process whose code is ahead of the database schema refuses to start, with
/// a message that says what to run, rather than failing later on a missing column. With
/// <see cref="DatabaseOptions.MigrateOnStartup"/> it applies the migrations itself.
/// </summary>
internal sealed class SchemaGate(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, ILogger<SchemaGate> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        var pending = await db.Database.PendingMigrationsAsync(cancellationToken);
        if (pending.Count == 0)
            return;

        if (options.Value.MigrateOnStartup)
        {
            logger.LogInformation("Applying {Count} pending migrations", pending.Count);
            await db.Database.ApplyMigrationsAsync(cancellationToken);
            return;
        }

        throw new InvalidOperationException(
            $"The database schema is behind this version of CronHooks ({pending.Count} pending migrations, first '{pending[0]}'). " +
            "Run the migrate step ('dotnet CronHooks.Api.dll migrate', which ./run.sh does) or set Database__MigrateOnStartup=true.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
