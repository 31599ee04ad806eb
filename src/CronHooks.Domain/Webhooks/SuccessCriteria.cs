using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CronHooks.Domain.Webhooks;

/// <summary>
/// What makes an answer a success for one webhook, beyond "it answered": accepted status codes and optional checks on
/// the (bounded) body and the duration. Stored as jsonb on the webhook and loaded with it, so judging costs no query.
/// </summary>
public sealed class SuccessCriteria
{
    public const int MaxStatusCodes = 20;
    public const int MaxTextLength = 1_000;
    public const int MaxDurationMsLimit = 300_000;

    /// <summary>How much of the body a failed check quotes.</summary>
    public const int MaxQuotedLength = 200;

    /// <summary>A body regex runs at most this long per attempt; a receiver's body must not hold a node's CPU.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>What is accepted when the user names no status codes: any 2xx, as without criteria.</summary>
    public static readonly IReadOnlyList<string> DefaultStatusCodes = ["2xx"];

    /// <summary>Codes (<c>200</c>, <c>404</c>: 200–599) and classes (<c>2xx</c>–<c>5xx</c>).</summary>
    public List<string> StatusCodes { get; init; } = [.. DefaultStatusCodes];
    public string? BodyContains { get; init; }
    public string? BodyRegex { get; init; }
    public string? JsonPointer { get; init; }

    /// <summary>The JSON value expected at <see cref="JsonPointer"/>, as JSON text; null to check only that a value is there.</summary>
    public string? EqualsJson { get; init; }
    public int? MaxDurationMs { get; init; }

    // Parsed once per loaded webhook, not per attempt (a benign race may parse twice).
    private Regex? regex;
    private JsonElement? expected;

    /// <summary>Whether <paramref name="text"/> is a status code (200–599) or class (2xx–5xx).</summary>
    public static bool IsStatusPattern(string text) =>
        text.Length == 3 && text[0] is >= '2' and <= '5' &&
        ((text[1] == 'x' && text[2] == 'x') || (char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2])));

    /// <summary>Whether <paramref name="bodyRegex"/> compiles; the error when it does not.</summary>
    public static string? RegexError(string bodyRegex)
    {
        try
        {
            _ = new Regex(bodyRegex, RegexOptions.CultureInvariant, RegexTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    public bool Accepts(int status) => StatusCodes.Any(pattern =>
        pattern.EndsWith("xx", StringComparison.Ordinal)
            ? pattern[0] - '0' == status / 100
            : int.TryParse(pattern, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code == status);

    /// <summary>Which check an answer that was accepted by its status fails, and what came back; null when it passes all.</summary>
    public string? FailedCheck(string? body, bool truncated, TimeSpan duration)
    {
        var note = truncated ? " (only the first 64 KiB of the body was kept and checked)" : "";
        if (MaxDurationMs is { } max && duration.TotalMilliseconds > max)
            return $"successCriteria.maxDurationMs: the answer took {duration.TotalMilliseconds:0} ms, more than {max} ms.";
        if (BodyContains is { } text && !(body ?? "").Contains(text, StringComparison.Ordinal))
            return $"successCriteria.bodyContains: the body does not contain \"{Quote(text)}\"{note}; it was: {Excerpt(body)}";
        if (BodyRegex is not null)
        {
            try
            {
                regex ??= new Regex(BodyRegex, RegexOptions.CultureInvariant, RegexTimeout);
                if (!regex.IsMatch(body ?? ""))
                    return $"successCriteria.bodyRegex: the body does not match /{Quote(BodyRegex)}/{note}; it was: {Excerpt(body)}";
            }
            catch (RegexMatchTimeoutException)
            {
                return $"successCriteria.bodyRegex: matching did not finish within {RegexTimeout.TotalMilliseconds:0} ms, so the body counts as not matching{note}.";
            }
        }
        if (JsonPointer is not null)
            return FailedJsonCheck(body, note);
        return null;
    }

    private string? FailedJsonCheck(string? body, string note)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body ?? "");
        }
        catch (JsonException)
        {
            return $"successCriteria.jsonPointer: the body is not JSON{note}; it was: {Excerpt(body)}";
        }
        using (document)
        {
            var tokens = Webhooks.JsonPointer.Parse(JsonPointer!) ?? [];
            if (!Webhooks.JsonPointer.TryResolve(document.RootElement, tokens, out var value))
                return $"successCriteria.jsonPointer: the body has no value at \"{Quote(JsonPointer!)}\"; it was: {Excerpt(body)}";
            if (EqualsJson is null)
                return null;
            expected ??= JsonDocument.Parse(EqualsJson).RootElement.Clone();
            // JSON value equality: objects whatever their key order, numbers by value (1 equals 1.0).
            return JsonElement.DeepEquals(value, expected.Value)
                ? null
                : $"successCriteria.equals: the value at \"{Quote(JsonPointer!)}\" is {Quote(value.GetRawText())}, not {Quote(EqualsJson)}.";
        }
    }

    private static string Quote(string text) => text.Length <= MaxQuotedLength ? text : text[..MaxQuotedLength] + "…";

    private static string Excerpt(string? body) => string.IsNullOrEmpty(body) ? "(empty)" : "\"" + Quote(body) + "\"";
}
