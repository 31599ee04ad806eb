using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Domain.Scheduling;

/// <summary>
/// Names the trigger a webhook fires with. Webhooks that share a key share one scheduler trigger, so a
/// thousand webhooks at <c>0 9 * * *</c> cost one firing, not a thousand.
/// </summary>
public static class ScheduleKey
{
    /// <summary>
    /// One-time webhooks due within the same second share a trigger. The trigger fires at the end of
    /// that second's start (rounded up) so that no webhook is ever called before its instant.
    /// </summary>
    public static string ForInstant(DateTimeOffset instant) =>
        "once-" + FireInstantFor(instant).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The instant a one-time webhook's shared trigger fires: its instant rounded up to the whole second.</summary>
    public static DateTimeOffset FireInstantFor(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return floor == utc ? floor : floor.AddSeconds(1);
    }

    /// <summary>
    /// Recurring webhooks with the same expression and time zone share a trigger. The key is a hash
    /// because trigger names are length-limited; the expression and zone travel in the trigger's data.
    /// </summary>
    public static string ForCron(string cronExpression, string timeZone)
    {
        var canonical = string.Join(' ', cronExpression.Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "|" + timeZone;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "cron-" + Convert.ToHexStringLower(hash, 0, 16);
    }
}
