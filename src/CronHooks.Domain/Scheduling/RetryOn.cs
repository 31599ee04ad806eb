using System.Globalization;

namespace CronHooks.Domain.Scheduling;

/// <summary>
/// Which failures are retried (a webhook's <c>retryOn</c>): classes of failure a user names, e.g.
/// <c>["timeout", "connection", "5xx", "429"]</c>. A failure not named is permanent: its attempt is <c>failed</c> at once.
/// </summary>
public static class RetryOn
{
    /// <summary>No complete answer within the webhook's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The connection failed: refused, DNS, TLS, reset, or an answer that is not HTTP.</summary>
    public const string Connection = "connection";

    /// <summary>The receiver answered, but a success criterion failed.</summary>
    public const string Assertion = "assertion";

    public const int MaxItems = 30;

    /// <summary>What is retried when the webhook names nothing: failures that are usually passing.</summary>
    public static readonly IReadOnlyList<string> Default = [Timeout, Connection, "408", "425", "429", "5xx"];

    /// <summary>Whether <paramref name="item"/> is a class (<c>timeout</c>, <c>connection</c>, <c>assertion</c>, <c>3xx</c>–<c>5xx</c>) or a code (300–599).</summary>
    public static bool IsKnown(string item) =>
        item is Timeout or Connection or Assertion ||
        (item.Length == 3 && item[0] is >= '3' and <= '5' &&
         ((item[1] == 'x' && item[2] == 'x') || (char.IsAsciiDigit(item[1]) && char.IsAsciiDigit(item[2]))));

    /// <summary>Whether an answer with <paramref name="status"/> is retried under <paramref name="items"/>.</summary>
    public static bool CoversStatus(IReadOnlyList<string> items, int status) => items.Any(item =>
        item.EndsWith("xx", StringComparison.Ordinal)
            ? item[0] - '0' == status / 100
            : int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code == status);
}
