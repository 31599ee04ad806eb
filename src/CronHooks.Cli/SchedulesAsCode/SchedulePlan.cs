using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.SchedulesAsCode;

internal enum PlanAction { Create, Update, Unchanged, Delete }

/// <summary>A field that differs: what the server has, and what the file asks for.</summary>
internal sealed record FieldChange(string Field, string? From, string? To);

internal sealed record PlannedChange(PlanAction Action, string Key, Guid? Id, ScheduleEntry? Entry, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// Compares a file's webhooks with the server's by key. Both sides are first put in one canonical form — defaults filled
/// in, instants in UTC, JSON compact, header values masked as the API masks them — so an unchanged webhook compares equal.
/// </summary>
internal static partial class SchedulePlan
{
    // The API's defaults for fields left out (see the OpenAPI descriptions).
    private const string DefaultMethod = "POST";
    private const string DefaultZone = "UTC";
    private const string DefaultMissedRunPolicy = "runOnce";
    private const int DefaultCatchupWindowSeconds = 60;
    private const string DefaultOverlapPolicy = "allow";
    private const int DefaultMaxRetries = 3;
    private const int DefaultRetryDelaySeconds = 60;
    private const int DefaultTimeoutSeconds = 30;
    private const int DefaultAlertFailures = 3;

    // The API shows a header value as **** plus its last 4 characters when it has at least 8.
    private const string MaskPrefix = "****";
    private const int MinLengthToShowTail = 8;

    public static List<PlannedChange> Make(IReadOnlyList<ScheduleEntry> entries, IReadOnlyList<WebhookResponse> server, bool prune)
    {
        var byKey = server.Where(w => w.Key is not null).ToDictionary(w => w.Key!);
        var plan = new List<PlannedChange>();
        foreach (var entry in entries)
        {
            if (!byKey.TryGetValue(entry.Key, out var current))
            {
                plan.Add(new PlannedChange(PlanAction.Create, entry.Key, null, entry, []));
                continue;
            }
            var want = Canonical(entry.Definition);
            var have = Canonical(current);
            var changes = want.Keys.Union(have.Keys).Order(StringComparer.Ordinal)
                .Where(f => want.GetValueOrDefault(f) != have.GetValueOrDefault(f))
                .Select(f => new FieldChange(f, have.GetValueOrDefault(f), want.GetValueOrDefault(f)))
                .ToList();
            plan.Add(new PlannedChange(changes.Count == 0 ? PlanAction.Unchanged : PlanAction.Update, entry.Key, current.Id, entry, changes));
        }
        if (prune)
        {
            var inFile = entries.Select(e => e.Key).ToHashSet();
            plan.AddRange(byKey.Values.Where(w => !inFile.Contains(w.Key!)).OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => new PlannedChange(PlanAction.Delete, w.Key!, w.Id, null, [])));
        }
        return plan;
    }

    /// <summary>The file's side: the definition as the API will store it.</summary>
    internal static Dictionary<string, string> Canonical(JsonObject d)
    {
        string? Text(string field) => d[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : d[field]?.ToJsonString();
        int Int(string field, int fallback) => d[field] is JsonValue v ? v.Deserialize<int>() : fallback;
        var zone = Text("timezone") ?? DefaultZone;
        var once = Text("scheduleType") == "once";
        var fields = new Dictionary<string, string>
        {
            ["name"] = Text("name") ?? "",
            ["url"] = Text("url") ?? "",
            ["httpMethod"] = Text("httpMethod") ?? DefaultMethod,
            ["scheduleType"] = Text("scheduleType") ?? "",
            ["timezone"] = zone,
            ["missedRunPolicy"] = Text("missedRunPolicy") ?? DefaultMissedRunPolicy,
            ["maxRetries"] = Int("maxRetries", DefaultMaxRetries).ToString(CultureInfo.InvariantCulture),
            ["retryDelaySeconds"] = Int("retryDelaySeconds", DefaultRetryDelaySeconds).ToString(CultureInfo.InvariantCulture),
            ["timeoutSeconds"] = Int("timeoutSeconds", DefaultTimeoutSeconds).ToString(CultureInfo.InvariantCulture),
        };
        AddIf(fields, "cronExpression", once ? null : Text("cronExpression")?.Trim());
        AddIf(fields, "scheduledAt", once && Text("scheduledAt") is { } at ? Instant(at, zone) : null);
        AddIf(fields, "startsAt", Text("startsAt") is { } s ? Wire.Instant(DateTimeOffset.Parse(s, CultureInfo.InvariantCulture)) : null);
        AddIf(fields, "endsAt", Text("endsAt") is { } e ? Wire.Instant(DateTimeOffset.Parse(e, CultureInfo.InvariantCulture)) : null);
        AddIf(fields, "payload", d["payload"]?.ToJsonString());
        if (d["headers"] is JsonObject headers)
            foreach (var (name, value) in headers)
                fields[$"headers.{name.ToLowerInvariant()}"] = Mask(value?.GetValue<string>() ?? "");
        if (d["alert"] is JsonObject alert)
        {
            fields["alert.url"] = MaskUrl(alert["url"]?.GetValue<string>() ?? "");
            fields["alert.consecutiveFailures"] = (alert["consecutiveFailures"]?.Deserialize<int>() ?? DefaultAlertFailures).ToString(CultureInfo.InvariantCulture);
        }
        DeliveryRuleFields.AddFromFile(fields, d);
        // 0 (never) is the default: shown only when set, on both sides.
        AddIf(fields, "pauseAfterFailures", Int("pauseAfterFailures", 0) is > 0 and var pause ? pause.ToString(CultureInfo.InvariantCulture) : null);
        AddIf(fields, "callbackUrl", Text("callbackUrl") is { Length: > 0 } callback ? callback : null);
        AddIf(fields, "failureCallbackUrl", Text("failureCallbackUrl") is { Length: > 0 } failure ? failure : null);
        // Catch-up window and overlap policy.
        fields["catchupWindowSeconds"] = Int("catchupWindowSeconds", DefaultCatchupWindowSeconds).ToString(CultureInfo.InvariantCulture);
        fields["overlapPolicy"] = Text("overlapPolicy") ?? DefaultOverlapPolicy;
        return fields;
    }

    /// <summary>The server's side, in the same form.</summary>
    internal static Dictionary<string, string> Canonical(WebhookResponse w)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = w.Name,
            ["url"] = w.Url,
            ["httpMethod"] = Wire.Name(w.HttpMethod),
            ["scheduleType"] = Wire.Name(w.ScheduleType),
            ["timezone"] = w.Timezone,
            ["missedRunPolicy"] = Wire.Name(w.MissedRunPolicy),
            ["maxRetries"] = w.MaxRetries.ToString(CultureInfo.InvariantCulture),
            ["retryDelaySeconds"] = w.RetryDelaySeconds.ToString(CultureInfo.InvariantCulture),
            ["timeoutSeconds"] = w.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        AddIf(fields, "cronExpression", w.CronExpression);
        AddIf(fields, "scheduledAt", w.ScheduledAt is { } at ? Wire.Instant(at) : null);
        AddIf(fields, "startsAt", w.StartsAt is { } s ? Wire.Instant(s) : null);
        AddIf(fields, "endsAt", w.EndsAt is { } e ? Wire.Instant(e) : null);
        AddIf(fields, "payload", w.Payload is null ? null : JsonNode.Parse(JsonSerializer.Serialize(w.Payload))?.ToJsonString());
        foreach (var (name, value) in w.Headers)
            fields[$"headers.{name.ToLowerInvariant()}"] = value;
        if (w.Alert is { } alert)
        {
            fields["alert.url"] = alert.Url;
            fields["alert.consecutiveFailures"] = alert.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture);
        }
        DeliveryRuleFields.AddFromServer(fields, w);
        AddIf(fields, "pauseAfterFailures", w.PauseAfterFailures is > 0 and var pause ? pause.ToString(CultureInfo.InvariantCulture) : null);
        AddIf(fields, "callbackUrl", w.CallbackUrl);
        AddIf(fields, "failureCallbackUrl", w.FailureCallbackUrl);
        // Catch-up window and overlap policy.
        fields["catchupWindowSeconds"] = w.CatchupWindowSeconds.ToString(CultureInfo.InvariantCulture);
        fields["overlapPolicy"] = Wire.Name(w.OverlapPolicy);
        return fields;
    }

    private static void AddIf(Dictionary<string, string> fields, string name, string? value)
    {
        if (value is not null)
            fields[name] = value;
    }

    internal static string Mask(string value) => value.Length >= MinLengthToShowTail ? MaskPrefix + value[^4..] : MaskPrefix;

    // The API shows an alert URL (a credential, like a Slack incoming-webhook URL) as its origin plus the mask of the rest.
    internal static string MaskUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return MaskPrefix;
        var origin = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        return origin + "/" + Mask(uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped).TrimStart('/'));
    }

    /// <summary>An instant with an offset as is; a local date-time without one read in the webhook's zone, as the API does.</summary>
    private static string Instant(string text, string zone)
    {
        if (OffsetSuffix().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            return Wire.Instant(withOffset);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz))
            return Wire.Instant(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), tz)));
        return text;
    }

    [GeneratedRegex(@"(Z|[+-]\d\d:?\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();
}
