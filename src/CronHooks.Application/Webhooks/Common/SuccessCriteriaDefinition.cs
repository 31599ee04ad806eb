using System.Text.Json;
using System.Text.Json.Serialization;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// What makes an answer a success: accepted status codes and optional checks on the response body (at most the 64 KiB
/// kept) and the duration. A check that fails makes the attempt fail with <c>assertion_failed</c>.
/// </summary>
public sealed record SuccessCriteriaDefinition
{
    /// <summary>Accepted codes (<c>200</c>, <c>404</c>) and classes (<c>2xx</c>–<c>5xx</c>); defaults to <c>["2xx"]</c>.</summary>
    public List<string>? StatusCodes { get; init; }

    /// <summary>The body must contain this text (case-sensitive), up to 1,000 characters.</summary>
    public string? BodyContains { get; init; }

    /// <summary>The body must match this .NET regular expression (run with a 100 ms timeout; a timeout fails the check).</summary>
    public string? BodyRegex { get; init; }

    /// <summary>An RFC 6901 JSON Pointer into the JSON body (e.g. <c>/status</c>; <c>""</c> is the whole body): a value must be there.</summary>
    public string? JsonPointer { get; init; }

    /// <summary>With <c>jsonPointer</c>: the JSON value expected there, compared as JSON (key order and number spelling do not matter).</summary>
    [JsonPropertyName("equals")]
    public JsonElement? EqualTo { get; init; }

    /// <summary>The answer must be complete within this many milliseconds, 1–300000.</summary>
    public int? MaxDurationMs { get; init; }

    internal SuccessCriteria ToDomain() => new()
    {
        StatusCodes = StatusCodes is { Count: > 0 } codes ? [.. codes.Select(c => c.ToLowerInvariant())] : [.. SuccessCriteria.DefaultStatusCodes],
        BodyContains = BodyContains,
        BodyRegex = BodyRegex,
        JsonPointer = JsonPointer,
        EqualsJson = EqualTo is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } value ? value.GetRawText() : null,
        MaxDurationMs = MaxDurationMs,
    };

    internal static SuccessCriteriaDefinition? From(SuccessCriteria? criteria) => criteria is null ? null : new()
    {
        StatusCodes = [.. criteria.StatusCodes],
        BodyContains = criteria.BodyContains,
        BodyRegex = criteria.BodyRegex,
        JsonPointer = criteria.JsonPointer,
        EqualTo = criteria.EqualsJson is null ? null : JsonDocument.Parse(criteria.EqualsJson).RootElement.Clone(),
        MaxDurationMs = criteria.MaxDurationMs,
    };
}
