using CronHooks.Application.Calendars.Common;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Scheduling;

namespace CronHooks.UnitTests.Application;

public sealed class WebhookHolidaysTests
{
    // Not an EF query: reading it asynchronously throws, so a test passes only if nothing was read.
    private static readonly IQueryable<Calendar> Unreadable = new List<Calendar>().AsQueryable();

    private static Webhook Webhook(ScheduleType type, params Guid[] calendarIds) => new()
    {
        Id = Guid.NewGuid(), Name = "w", Url = "https://example.com", ScheduleType = type, IsActive = true,
        CronExpression = type == ScheduleType.Recurring ? "0 9 * * *" : null, CalendarIds = [.. calendarIds],
    };

    [Test]
    public async Task LoadAsync_WhenNoWebhookNamesACalendar_ReadsNothing()
    {
        var webhooks = new[] { Webhook(ScheduleType.Recurring), Webhook(ScheduleType.Interval) };

        var holidays = await WebhookHolidays.LoadAsync(Unreadable, new LibraryPublicHolidays(), webhooks, CancellationToken.None);

        Assert.That(webhooks.Select(holidays.For), Has.All.Null);
    }

    [Test]
    public async Task For_WhenTheWebhooksCalendarsWereNotRead_Throws()
    {
        var holidays = await WebhookHolidays.LoadAsync(Unreadable, new LibraryPublicHolidays(), [Webhook(ScheduleType.Recurring)], CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => holidays.For(Webhook(ScheduleType.Recurring, Guid.NewGuid())));
    }
}
