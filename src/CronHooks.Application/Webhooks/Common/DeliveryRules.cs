using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>The rules for <c>successCriteria</c>, <c>retryOn</c> and <c>maxRetryAgeSeconds</c>; each failure names its field (and item).</summary>
internal static class DeliveryRules
{
    public static void CheckSuccessCriteria<T>(SuccessCriteriaDefinition criteria, ValidationContext<T> context)
    {
        const string at = "successCriteria";
        if (criteria.StatusCodes is { } codes)
        {
            if (codes.Count > SuccessCriteria.MaxStatusCodes)
                context.AddFailure(new ValidationFailure($"{at}.statusCodes", $"At most {SuccessCriteria.MaxStatusCodes} status codes."));
            for (var i = 0; i < codes.Count; i++)
                if (codes[i] is null || !SuccessCriteria.IsStatusPattern(codes[i].ToLowerInvariant()))
                    context.AddFailure(new ValidationFailure($"{at}.statusCodes[{i}]",
                        $"'{Cut(codes[i])}' is neither a status code (200–599) nor a class (2xx, 3xx, 4xx, 5xx)."));
        }
        CheckLength(criteria.BodyContains, $"{at}.bodyContains", context);
        if (CheckLength(criteria.BodyRegex, $"{at}.bodyRegex", context) && criteria.BodyRegex is { } regex && SuccessCriteria.RegexError(regex) is { } error)
            context.AddFailure(new ValidationFailure($"{at}.bodyRegex", $"Not a valid regular expression: {error}"));
        if (CheckLength(criteria.JsonPointer, $"{at}.jsonPointer", context) && criteria.JsonPointer is { } pointer && JsonPointer.Parse(pointer) is null)
            context.AddFailure(new ValidationFailure($"{at}.jsonPointer",
                "Not an RFC 6901 JSON Pointer: it is \"\" (the whole body) or starts with '/', and '~' is followed by 0 or 1 (e.g. /status, /items/0/id)."));
        if (criteria.EqualTo is { ValueKind: not System.Text.Json.JsonValueKind.Undefined and not System.Text.Json.JsonValueKind.Null } expected)
        {
            if (criteria.JsonPointer is null)
                context.AddFailure(new ValidationFailure($"{at}.equals", "equals compares the value at jsonPointer: set jsonPointer too (\"\" for the whole body)."));
            if (expected.GetRawText().Length > SuccessCriteria.MaxTextLength)
                context.AddFailure(new ValidationFailure($"{at}.equals", $"At most {SuccessCriteria.MaxTextLength} characters of JSON."));
        }
        if (criteria.MaxDurationMs is { } ms && ms is < 1 or > SuccessCriteria.MaxDurationMsLimit)
            context.AddFailure(new ValidationFailure($"{at}.maxDurationMs", $"Between 1 and {SuccessCriteria.MaxDurationMsLimit} milliseconds."));
    }

    public static void CheckRetryOn<T>(List<string> items, ValidationContext<T> context)
    {
        if (items.Count > RetryOn.MaxItems)
            context.AddFailure(new ValidationFailure("retryOn", $"At most {RetryOn.MaxItems} items."));
        for (var i = 0; i < items.Count; i++)
            if (items[i] is null || !RetryOn.IsKnown(items[i].ToLowerInvariant()))
                context.AddFailure(new ValidationFailure($"retryOn[{i}]",
                    $"'{Cut(items[i])}' is not a failure class: use timeout, connection, assertion, 3xx, 4xx, 5xx or a status code (300–599)."));
    }

    private static bool CheckLength<T>(string? value, string field, ValidationContext<T> context)
    {
        if (value is null)
            return true;
        if (value.Length is > 0 and <= SuccessCriteria.MaxTextLength || (value.Length == 0 && field.EndsWith("jsonPointer", StringComparison.Ordinal)))
            return true;
        context.AddFailure(new ValidationFailure(field, $"Between 1 and {SuccessCriteria.MaxTextLength} characters."));
        return false;
    }

    private static string Cut(string? text) => text is null ? "null" : text.Length <= 20 ? text : text[..20] + "…";
}
