using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Calendars;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.Infrastructure.Persistence;

/// <summary><see cref="ICalendarReader"/> for singletons: each call rents a pooled context in a scope of its own.</summary>
internal sealed class EfCalendarReader(IServiceScopeFactory scopes) : ICalendarReader
{
    public async Task<IReadOnlyList<Calendar>> FindAllAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids as List<Guid> ?? [.. ids];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        return await db.Calendars.AsNoTracking().Where(c => list.Contains(c.Id)).ToListAsync(cancellationToken);
    }
}
