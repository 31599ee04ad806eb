using System.Globalization;
using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using CronHooks.Cli.Common;
using CronHooks.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CronHooks.Cli.Commands;

/// <summary>
/// Writes the user's keyed webhooks as a schedule file. Secrets are never written: header values and alert URLs become
/// ${ENV_VAR} references that apply expands, and the names of those variables are listed on standard error.
/// </summary>
internal static partial class ExportCommand
{
    // Beside the file: `cronhooks schema > cronhooks.schema.json` puts it there (the repository keeps it in schemas/).
    public const string SchemaComment = "# yaml-language-server: $schema=cronhooks.schema.json";

    public static Command Create(Terminal terminal)
    {
        var file = new Option<string?>("--file", "-f") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Write your webhooks as a schedule file (secrets as ${ENV_VAR} references)") { file };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var webhooks = await session.AllWebhooksAsync(ct);
            var keyed = webhooks.Where(w => w.Key is not null).OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
            var variables = new List<string>();
            var list = new YamlSequenceNode();
            foreach (var w in keyed)
                list.Add(Entry(w, variables));
            var root = new YamlMappingNode { { "webhooks", list } };

            using var text = new StringWriter(CultureInfo.InvariantCulture);
            text.WriteLine(SchemaComment);
            new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
            var yaml = text.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
            if (ctx.Get(file) is { } path)
                await File.WriteAllTextAsync(path, yaml, ct);
            else
                terminal.Out.Write(yaml);

            if (webhooks.Count > keyed.Count)
                terminal.Error.WriteLine($"{webhooks.Count - keyed.Count} webhook(s) without a key were left out: give them one with `cronhooks webhooks update <id> --key <key>`.");
            if (variables.Count > 0)
                terminal.Error.WriteLine("Secret values are not exported; set these before `cronhooks apply`: " + string.Join(", ", variables));
            return ExitCodes.Ok;
        });
    }

    private static YamlMappingNode Entry(WebhookResponse w, List<string> variables)
    {
        var node = new YamlMappingNode();
        void Add(string name, YamlNode? value)
        {
            if (value is not null)
                node.Add(name, value);
        }
        Add("key", Scalar(w.Key));
        Add("name", Scalar(w.Name));
        Add("url", Scalar(w.Url));
        if (w.HttpMethod != WebhookHttpMethod.POST)
            Add("httpMethod", Scalar(Wire.Name(w.HttpMethod)));
        Add("scheduleType", Scalar(Wire.Name(w.ScheduleType)));
        Add("cronExpression", Scalar(w.CronExpression));
        Add("scheduledAt", w.ScheduledAt is { } at ? Scalar(Wire.Instant(at)) : null);
        Add("timezone", Scalar(w.Timezone));
        Add("startsAt", w.StartsAt is { } s ? Scalar(Wire.Instant(s)) : null);
        Add("endsAt", w.EndsAt is { } e ? Scalar(Wire.Instant(e)) : null);
        if (w.MissedRunPolicy != MissedRunPolicy.RunOnce)
            Add("missedRunPolicy", Scalar(Wire.Name(w.MissedRunPolicy)));
        Add("maxRetries", Number(w.MaxRetries));
        Add("retryDelaySeconds", Number(w.RetryDelaySeconds));
        Add("timeoutSeconds", Number(w.TimeoutSeconds));
        if (w.Headers.Count > 0)
        {
            var headers = new YamlMappingNode();
            foreach (var name in w.Headers.Keys.Order(StringComparer.Ordinal))
                headers.Add(name, Reference(w.Key!, name, variables));
            Add("headers", headers);
        }
        if (w.Payload is not null)
            Add("payload", Yaml(JsonSerializer.SerializeToElement(w.Payload)));
        if (w.Alert is { } alert)
            Add("alert", new YamlMappingNode { { "url", Reference(w.Key!, "alert_url", variables) }, { "consecutiveFailures", Number(alert.ConsecutiveFailures) } });
        if (w.SuccessCriteria is { } criteria)
            Add("successCriteria", Yaml(JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["statusCodes"] = criteria.StatusCodes, ["bodyContains"] = criteria.BodyContains, ["bodyRegex"] = criteria.BodyRegex,
                ["jsonPointer"] = criteria.JsonPointer, ["equals"] = criteria.Equals, ["maxDurationMs"] = criteria.MaxDurationMs,
            }.Where(f => f.Value is not null).ToDictionary())));
        if (w.RetryOn is { } retryOn && !retryOn.SequenceEqual(SchedulesAsCode.DeliveryRuleFields.DefaultRetryOn))
            Add("retryOn", new YamlSequenceNode(retryOn.Select(item => (YamlNode)Scalar(item)!)));
        if (w.MaxRetryAgeSeconds is { } age)
            Add("maxRetryAgeSeconds", Number(age));
        if (w.PauseAfterFailures is > 0 and var pause)
            Add("pauseAfterFailures", Number(pause));
        Add("callbackUrl", Scalar(w.CallbackUrl));
        Add("failureCallbackUrl", Scalar(w.FailureCallbackUrl));
        // Catch-up window and overlap policy, when not the defaults.
        if (w.CatchupWindowSeconds != 60)
            Add("catchupWindowSeconds", Number(w.CatchupWindowSeconds));
        if (w.OverlapPolicy != OverlapPolicy.Allow)
            Add("overlapPolicy", Scalar(Wire.Name(w.OverlapPolicy)));
        return node;
    }

    private static YamlScalarNode Reference(string key, string what, List<string> variables)
    {
        var variable = "CRONHOOKS_" + NotAlphanumeric().Replace($"{key}_{what}", "_").ToUpperInvariant();
        variables.Add(variable);
        return new YamlScalarNode("${" + variable + "}") { Style = ScalarStyle.DoubleQuoted };
    }

    private static YamlNode Yaml(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => new YamlMappingNode(json.EnumerateObject().Select(p => new KeyValuePair<YamlNode, YamlNode>(Scalar(p.Name)!, Yaml(p.Value)))),
        JsonValueKind.Array => new YamlSequenceNode(json.EnumerateArray().Select(Yaml)),
        JsonValueKind.String => Scalar(json.GetString())!,
        JsonValueKind.Null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode(json.GetRawText()) { Style = ScalarStyle.Plain }, // numbers, true, false
    };

    private static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    /// <summary>Plain where that reads back as the same string, quoted otherwise (numbers, booleans, ${…}, special characters).</summary>
    private static YamlScalarNode? Scalar(string? value) => value is null ? null
        : new YamlScalarNode(value) { Style = SafePlain().IsMatch(value) && !Reserved().IsMatch(value) && !value.Contains('$', StringComparison.Ordinal) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NotAlphanumeric();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 ._/@-]*[A-Za-z0-9._/-]$|^[A-Za-z]$")]
    private static partial Regex SafePlain();

    [GeneratedRegex("^(true|false|null|yes|no|on|off|y|n)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}
