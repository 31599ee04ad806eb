using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Domain.Scheduling;

/// <summary>
/// The one formula for how late a jittered occurrence is sent: the first 4 bytes of SHA-256 over
/// "<c>{webhook id}:{occurrence as Unix milliseconds}</c>", read as an unsigned big-endian number, modulo the jitter in
/// milliseconds. It depends only on the webhook and the occurrence, so every node, every retry and every preview agree;
/// <see cref="Sql"/> is the same formula for the enqueue statement (a test holds the two together).
/// </summary>
public static class Jitter
{
    public const int MaxSeconds = 3600;

    /// <summary>The delay in [0, <paramref name="jitterSeconds"/>) for this webhook's <paramref name="occurrence"/>, in whole milliseconds.</summary>
    public static TimeSpan DelayFor(Guid webhookId, DateTimeOffset occurrence, int jitterSeconds)
    {
        if (jitterSeconds <= 0)
            return TimeSpan.Zero;
        var text = webhookId.ToString("D") + ":" + occurrence.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash);
        return TimeSpan.FromMilliseconds(value % (uint)(jitterSeconds * 1000));
    }

    /// <summary>When this webhook's <paramref name="occurrence"/> is due: the occurrence plus its delay.</summary>
    public static DateTimeOffset DueAt(Guid webhookId, DateTimeOffset occurrence, int jitterSeconds) =>
        occurrence + DelayFor(webhookId, occurrence, jitterSeconds);

    /// <summary>
    /// <see cref="DueAt"/> as a PostgreSQL expression over a uuid, a timestamptz occurrence and an integer jitter, which
    /// must not be 0 (the caller keeps its plain due instant then, and hashes nothing).
    /// </summary>
    public static string Sql(string webhookId, string occurrence, string jitterSeconds) =>
        $"{occurrence} + ((('x' || encode(substr(sha256(convert_to({webhookId}::text || ':' || floor(extract(epoch FROM {occurrence}) * 1000)::bigint::text, 'UTF8')), 1, 4), 'hex'))::bit(32)::bigint"
        + $" % ({jitterSeconds} * 1000)) * interval '1 millisecond')";
}
