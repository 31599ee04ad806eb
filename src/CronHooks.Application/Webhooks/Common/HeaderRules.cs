using CronHooks.Application.Common;
using System.Text;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>What a user may put in a webhook's custom headers.</summary>
public static class HeaderRules
{
    /// <summary>
    /// Set by CronHooks (the signature headers) or by the HTTP stack (framing, routing): a user value
    /// would forge a signature or smuggle a second request. Forwarded and X-Forwarded-* would let a delivery
    /// pose as a proxy's report of a client address to receivers that trust it; Cookie would ride a session
    /// into a receiver's cookie-authenticated endpoints; Expect changes how the request is sent.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "webhook-id", "webhook-timestamp", "webhook-signature",
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade",
        "Forwarded", "Cookie", "Expect",
    };

    /// <summary>Every header whose name starts with this (X-Forwarded-For, -Host, -Proto, …) is reserved too.</summary>
    public const string ReservedPrefix = "X-Forwarded-";

    public static bool IsReserved(string name) =>
        Reserved.Contains(name) || name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Problems with the names and values; messages name headers but never repeat a value.</summary>
    public static IEnumerable<string> Check(IReadOnlyDictionary<string, string?> headers, ResourceLimits limits)
    {
        if (headers.Count > limits.MaxHeadersPerWebhook)
            yield return $"A webhook may have at most {limits.MaxHeadersPerWebhook} headers.";

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!IsToken(name))
                yield return $"Header name '{Printable(name)}' is not a valid HTTP token (letters, digits and !#$%&'*+-.^_`|~).";
            else if (IsReserved(name))
                yield return $"Header '{name}' is set by CronHooks or the HTTP stack and cannot be set on a webhook.";
            else if (!seen.Add(name))
                yield return $"Header '{name}' is given more than once (header names are case-insensitive).";
            if (value is not null && value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                yield return $"The value of header '{Printable(name)}' must not contain CR, LF or NUL characters.";
        }

        if (Size(headers) > limits.MaxHeaderBytes)
            yield return $"Headers may take at most {limits.MaxHeaderBytes} bytes (names and values together).";
    }

    public static int Size(IReadOnlyDictionary<string, string?> headers) =>
        headers.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + Encoding.UTF8.GetByteCount(h.Value ?? ""));

    /// <summary>RFC 9110 token: 1*tchar.</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(IsTokenChar);

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static string Printable(string name) => name.Length > 64 || name.Any(char.IsControl) ? "(invalid)" : name;
}
