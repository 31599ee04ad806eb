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
    /// <summary>The longest key (the columns' length): "once-" or "cron-" and at most 32 characters.</summary>
    public const int MaxLength = 64;

    private const string OncePrefix = "once-";
    private const string OnceFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string CronPrefix = "cron-";
    private const string IntervalPrefix = "every-";

    /// <summary>
    /// One-time webhooks due within the same second share a trigger, named for the whole second their instants
    /// round up to; it fires ahead of all of them, and each is due at its own instant.
    /// </summary>
    public static string ForInstant(DateTimeOffset instant) =>
        OncePrefix + FireInstantFor(instant).ToString(OnceFormat, CultureInfo.InvariantCulture);

    /// <summary>The instant a one-time key fires at (the key spells it), or null for a cron key.</summary>
    public static DateTimeOffset? InstantOf(string scheduleKey) =>
        scheduleKey.StartsWith(OncePrefix, StringComparison.Ordinal)
        && DateTimeOffset.TryParseExact(scheduleKey[OncePrefix.Length..], OnceFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    /// <summary>The whole second a one-time webhook's shared trigger is named for: its instant rounded up.</summary>
    public static DateTimeOffset FireInstantFor(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return floor == utc ? floor : floor.AddSeconds(1);
    }

    /// <summary>
    /// Recurring webhooks with the same expression and time zone share a trigger. The key is a hash because
    /// trigger names are length-limited; the expression and zone are read from the webhooks that carry the key.
    /// </summary>
    public static string ForCron(string cronExpression, string timeZone)
    {
        var canonical = string.Join(' ', cronExpression.Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "|" + timeZone;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return CronPrefix + Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>
    /// Interval webhooks with the same interval and anchor share a trigger. Both are read back from the webhooks that
    /// carry the key, like a cron key's expression.
    /// </summary>
    public static string ForInterval(int intervalSeconds, DateTimeOffset anchor)
    {
        var canonical = intervalSeconds.ToString(CultureInfo.InvariantCulture) + "|" + anchor.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return IntervalPrefix + Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>Whether the key names an interval schedule's trigger.</summary>
    public static bool IsInterval(string scheduleKey) => scheduleKey.StartsWith(IntervalPrefix, StringComparison.Ordinal);
}
