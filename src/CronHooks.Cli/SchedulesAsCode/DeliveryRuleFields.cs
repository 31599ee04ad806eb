using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CronHooks.Client;

namespace CronHooks.Cli.SchedulesAsCode;

/// <summary>
/// A webhook's <c>successCriteria</c>, <c>retryOn</c> and <c>maxRetryAgeSeconds</c> in the plan's canonical form, from a
/// schedule file and from the server alike, so that <c>cronhooks apply</c> sees a change to them and nothing else.
/// </summary>
internal static class DeliveryRuleFields
{
    /// <summary>What the server retries when a webhook names nothing (and shows then).</summary>
    public static readonly IReadOnlyList<string> DefaultRetryOn = ["timeout", "connection", "408", "425", "429", "5xx"];

    public static void AddFromFile(Dictionary<string, string> fields, JsonObject d)
    {
        if (d["successCriteria"] is JsonObject c)
            fields["successCriteria"] = Criteria(
                (c["statusCodes"] as JsonArray)?.Select(s => s?.GetValue<string>() ?? "").ToList(),
                Text(c["bodyContains"]), Text(c["bodyRegex"]), Text(c["jsonPointer"]),
                c["equals"] is { } equals && equals.GetValueKind() != JsonValueKind.Null ? equals.ToJsonString() : null,
                c["maxDurationMs"] is JsonValue ms ? ms.Deserialize<int>() : null);
        fields["retryOn"] = RetryOn((d["retryOn"] as JsonArray)?.Select(s => s?.GetValue<string>() ?? "").ToList());
        if (d["maxRetryAgeSeconds"] is JsonValue age)
            fields["maxRetryAgeSeconds"] = age.Deserialize<int>().ToString(CultureInfo.InvariantCulture);
    }

    public static void AddFromServer(Dictionary<string, string> fields, WebhookResponse w)
    {
        if (w.SuccessCriteria is { } c)
            fields["successCriteria"] = Criteria(c.StatusCodes?.ToList(), c.BodyContains, c.BodyRegex, c.JsonPointer,
                c.Equals is null ? null : JsonSerializer.Serialize(c.Equals), c.MaxDurationMs);
        fields["retryOn"] = RetryOn(w.RetryOn?.ToList());
        if (w.MaxRetryAgeSeconds is { } age)
            fields["maxRetryAgeSeconds"] = age.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The criteria as the server stores them: codes lower-cased (default 2xx), the expected value as compact JSON.</summary>
    private static string Criteria(List<string>? codes, string? contains, string? regex, string? pointer, string? equals, int? maxDurationMs)
    {
        var canonical = new JsonObject
        {
            ["statusCodes"] = string.Join(",", codes is { Count: > 0 } ? codes.Select(x => x.ToLowerInvariant()) : ["2xx"]),
            ["bodyContains"] = contains,
            ["bodyRegex"] = regex,
            ["jsonPointer"] = pointer,
            ["equals"] = equals is null ? null : JsonNode.Parse(equals)?.ToJsonString(),
            ["maxDurationMs"] = maxDurationMs,
        };
        return canonical.ToJsonString();
    }

    private static string RetryOn(List<string>? items) =>
        string.Join(", ", (items ?? [.. DefaultRetryOn]).Select(x => x.ToLowerInvariant()).Distinct());

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
