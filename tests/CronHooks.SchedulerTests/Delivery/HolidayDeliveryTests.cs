using CronHooks.Domain.Calendars;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Delivery;
using CronHooks.SchedulerTests.Harness;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>A webhook's calendars at claim: a day off is recorded skipped/holiday, or moved to the next business day and sent then, with or without jitter.</summary>
internal sealed class HolidayDeliveryTests : QueueSqlTest
{
    private const int JitterSeconds = 600;

    [Test]
    public async Task Run_WhenTheOccurrenceFallsOnADayOff_SkipsItOrMovesItToTheNextBusinessDay()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200));
        // Two hours back (more than the longest jitter), so "the day has come" can be simulated with a due time of now.
        var occurrence = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        var dayOff = DateOnly.FromDateTime(occurrence.UtcDateTime);
        var calendarId = await CreateCalendarAsync("Company days off", dayOff);
        // Feb 29 at 09:00: the schedule has no occurrence of its own on the next business day, so the move is not dropped.
        var skipping = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => Recurring(w, calendarId, OnHoliday.Skip));
        var moving = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => Recurring(w, calendarId, OnHoliday.NextBusinessDay));
        // Jittered ones are queued due after their occurrence, as the enqueue writes them: the calendars decide all the same.
        var skippingJittered = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => Recurring(w, calendarId, OnHoliday.Skip, JitterSeconds));
        var movingJittered = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => Recurring(w, calendarId, OnHoliday.NextBusinessDay, JitterSeconds));
        var skippedId = await Data.EnqueueAsync(skipping, occurrence);
        var movedId = await Data.EnqueueAsync(moving, occurrence);
        var skippedJitteredId = await Data.EnqueueAsync(skippingJittered, occurrence, Jitter.DueAt(skippingJittered.Id, occurrence, JitterSeconds));
        var movedJitteredId = await Data.EnqueueAsync(movingJittered, occurrence, Jitter.DueAt(movingJittered.Id, occurrence, JitterSeconds));
        var claims = await Queue.ClaimAsync("claimer", 10, 10, TimeSpan.FromSeconds(60), CancellationToken.None);
        await StartNodeAsync();
        var runner = Node!.Services.GetRequiredService<AttemptRunner>();

        foreach (var claim in claims)
            await runner.RunAsync("claimer", claim, runner.LoadWebhooksAsync(claims, CancellationToken.None), CancellationToken.None);

        var skipped = await Data.ExecutionAsync(skippedId);
        var dayOffText = dayOff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var movedDue = await Data.ScalarAsync<DateTime>("SELECT due_at FROM execution_queue WHERE id = @p0", movedId);
        var skippedJittered = await Data.ExecutionAsync(skippedJitteredId);
        var movedJitteredDue = await Data.ScalarAsync<DateTime>("SELECT due_at FROM execution_queue WHERE id = @p0", movedJitteredId);
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Status, Is.EqualTo(ExecutionStatus.Skipped));
            Assert.That(skipped.ErrorKind, Is.EqualTo(DeliveryErrorKinds.Holiday));
            Assert.That(skipped.ErrorMessage, Does.Contain("Company days off").And.Contain(dayOffText));
            Assert.That(new DateTimeOffset(movedDue, TimeSpan.Zero), Is.EqualTo(NextBusinessDay(occurrence)), "moved to the same time on the next business day");
            Assert.That(skippedJittered.ErrorKind, Is.EqualTo(DeliveryErrorKinds.Holiday), "a jittered occurrence on a day off is skipped too");
            Assert.That(new DateTimeOffset(movedJitteredDue, TimeSpan.Zero),
                Is.EqualTo(NextBusinessDay(occurrence) + Jitter.DelayFor(movingJittered.Id, occurrence, JitterSeconds)), "a moved occurrence keeps its jitter delay");
            Assert.That(Receiver.LogEntries, Is.Empty, "nothing sent on the day off");
        });

        // The business day comes: the moved attempt is sent, as its own occurrence.
        await Data.ExecuteAsync("UPDATE execution_queue SET due_at = now() WHERE id = @p0", movedId);
        var again = await Queue.ClaimAsync("claimer", 10, 10, TimeSpan.FromSeconds(60), CancellationToken.None);
        foreach (var claim in again)
            await runner.RunAsync("claimer", claim, runner.LoadWebhooksAsync(again, CancellationToken.None), CancellationToken.None);
        var sent = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(moving.Id), e => e.Count == 1 && e[0].Status == ExecutionStatus.Success,
            TimeSpan.FromSeconds(30), "the moved occurrence to be sent", e => string.Join(", ", e.Select(x => $"{x.Status}/{x.ErrorKind}")));
        Assert.That(sent[0].ScheduledFor, Is.EqualTo(occurrence).Within(TimeSpan.FromMilliseconds(1)), "it keeps its occurrence (and so its webhook-id)");
    }

    private static void Recurring(Webhook w, Guid calendarId, OnHoliday onHoliday, int jitterSeconds = 0)
    {
        w.JitterSeconds = jitterSeconds;
        w.ScheduleType = ScheduleType.Recurring;
        w.ScheduledAt = null;
        w.CronExpression = "0 9 29 2 *";
        w.TimeZone = "UTC";
        w.CalendarIds = [calendarId];
        w.OnHoliday = onHoliday;
    }

    private static DateTimeOffset NextBusinessDay(DateTimeOffset occurrence)
    {
        var next = occurrence.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            next = next.AddDays(1);
        return new DateTimeOffset(next.UtcTicks - next.UtcTicks % 10, TimeSpan.Zero);
    }

    private async Task<Guid> CreateCalendarAsync(string name, DateOnly date)
    {
        await using var db = Data.Db();
        var now = DateTimeOffset.UtcNow;
        var calendar = new Calendar { Id = Guid.NewGuid(), OwnerId = Owner, Name = name, TimeZone = "UTC", Dates = [date], CreatedAt = now, UpdatedAt = now };
        db.Calendars.Add(calendar);
        await db.SaveChangesAsync();
        return calendar.Id;
    }
}
