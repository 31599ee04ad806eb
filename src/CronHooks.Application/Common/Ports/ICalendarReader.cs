using CronHooks.Domain.Calendars;

namespace CronHooks.Application.Common.Ports;

/// <summary>Calendars as stored now, for a delivery node deciding about a holiday occurrence (untracked, its own unit of work).</summary>
public interface ICalendarReader
{
    /// <summary>Those of <paramref name="ids"/> that exist, in one query.</summary>
    Task<IReadOnlyList<Calendar>> FindAllAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}
