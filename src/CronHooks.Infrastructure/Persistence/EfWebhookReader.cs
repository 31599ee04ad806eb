using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// <see cref="IWebhookReader"/> for singletons: each call rents a pooled context in a scope of its own,
/// as the workers did themselves before. Without the delivery state: the engine writes it in SQL and never reads it
/// here, and leaving out its join takes a third off the claim batch's load (PERFORMANCE.md, round 16).
/// </summary>
internal sealed class EfWebhookReader(IServiceScopeFactory scopes) : IWebhookReader
{
    public async Task<Webhook?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        return await db.Webhooks.AsNoTracking().IgnoreAutoIncludes().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, Webhook>> FindAllAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        // A List, the collection parameter EF translates to one array parameter; callers usually pass one already.
        var list = ids as List<Guid> ?? [.. ids];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        return await db.Webhooks.AsNoTracking().IgnoreAutoIncludes().Where(w => list.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
    }
}
