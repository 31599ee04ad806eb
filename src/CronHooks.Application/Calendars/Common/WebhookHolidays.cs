using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.Common;

/// <summary>
/// The holiday rules of the webhooks a response shows (one, or a page), for their next runs: the calendars they name are
/// read in one query, and none at all when no active recurring webhook among them names a calendar.
/// </summary>
public sealed class WebhookHolidays
{
    private readonly IReadOnlyDictionary<Guid, Calendar> calendars;
    private readonly HashSet<Guid> covered;
    private readonly IPublicHolidays publicHolidays;

    private WebhookHolidays(IReadOnlyDictionary<Guid, Calendar> calendars, IEnumerable<Webhook> covered, IPublicHolidays publicHolidays)
    {
        this.calendars = calendars;
        this.covered = covered.Select(w => w.Id).ToHashSet();
        this.publicHolidays = publicHolidays;
    }

    /// <summary>Reads the calendars <paramref name="webhooks"/> need, in one query (none when none needs any).</summary>
    public static async Task<WebhookHolidays> LoadAsync(
        IQueryable<Calendar> calendars, IPublicHolidays publicHolidays, IReadOnlyCollection<Webhook> webhooks, CancellationToken cancellationToken)
    {
        var needing = webhooks.Where(Needs).ToList();
        var ids = needing.SelectMany(w => w.CalendarIds).Distinct().ToList();
        var found = ids.Count == 0
            ? new Dictionary<Guid, Calendar>()
            : await calendars.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return new WebhookHolidays(found, needing, publicHolidays);
    }

    /// <summary>The rules of one webhook whose calendars the caller has read already (create and replace check them).</summary>
    public static WebhookHolidays From(Webhook webhook, IEnumerable<Calendar> calendars, IPublicHolidays publicHolidays) =>
        new(calendars.DistinctBy(c => c.Id).ToDictionary(c => c.Id), Needs(webhook) ? [webhook] : [], publicHolidays);

    /// <summary>
    /// The rule of <paramref name="webhook"/>'s calendars, or null when they have no say over its next runs: it names none,
    /// is not a cron schedule, or is not active (it has no next run).
    /// </summary>
    public HolidayRule? For(Webhook webhook)
    {
        if (!Needs(webhook))
            return null;
        if (!covered.Contains(webhook.Id))
            throw new InvalidOperationException($"The calendars of webhook {webhook.Id} were not read.");
        // A calendar deleted meanwhile is ignored here as by the engine.
        return new HolidayRule(
            webhook.CalendarIds.Where(calendars.ContainsKey).Select(id => calendars[id]).Where(c => c.OwnerId == webhook.OwnerId),
            publicHolidays);
    }

    private static bool Needs(Webhook webhook) =>
        webhook.State == WebhookState.Active && webhook.ScheduleType == ScheduleType.Recurring && webhook.CalendarIds.Count > 0;
}
