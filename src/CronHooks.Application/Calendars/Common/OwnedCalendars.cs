using CronHooks.Application.Common.Errors;
using CronHooks.Domain.Calendars;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.Common;

public static class OwnedCalendars
{
    /// <summary>The caller's calendar, or 404 — also when it exists but belongs to someone else.</summary>
    public static async Task<Calendar> GetOwnedAsync(this IQueryable<Calendar> calendars, Guid id, Guid ownerId, CancellationToken cancellationToken) =>
        await calendars.SingleOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, cancellationToken)
        ?? throw new NotFoundException("Calendar", id);

    /// <summary>
    /// The caller's calendars of <paramref name="ids"/>, in that order; 404 naming the first that is missing or someone
    /// else's, like any other reference to a resource the caller does not own.
    /// </summary>
    public static async Task<IReadOnlyList<Calendar>> GetAllOwnedAsync(
        this IQueryable<Calendar> calendars, IReadOnlyCollection<Guid>? ids, Guid ownerId, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0)
            return [];
        var list = ids.Distinct().ToList();
        var found = await calendars.AsNoTracking().Where(c => c.OwnerId == ownerId && list.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var id in list)
            if (!found.ContainsKey(id))
                throw new NotFoundException("Calendar", id);
        return list.Select(id => found[id]).ToList();
    }
}
