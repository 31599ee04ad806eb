using System.Text.Json;
using System.Text.Json.Nodes;

namespace CronHooks.Cli.SchedulesAsCode;

/// <summary>
/// The JSON Schema of a schedule file, made from the API contract itself: the OpenAPI document's webhook create body
/// (and the schemas it refers to), with the fields a schedule file must have. schemas/cronhooks.schema.json is its output.
/// </summary>
internal static class ScheduleSchema
{
    private const string Prefix = "#/components/schemas/";

    public static string Generate()
    {
        using var stream = typeof(ScheduleSchema).Assembly.GetManifestResourceStream("cronhooks.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        var components = JsonNode.Parse(stream)!["components"]!["schemas"]!.AsObject();

        var definitions = new JsonObject();
        var pending = new Queue<string>(["CreateWebhookRequest"]);
        while (pending.TryDequeue(out var name))
        {
            if (definitions.ContainsKey(name))
                continue;
            var schema = components[name]!.DeepClone();
            foreach (var reference in References(schema))
                pending.Enqueue(reference);
            definitions[name] = Rewrite(schema);
        }

        // A schedule entry is the create body with a key, a name, a URL and a schedule type required; nothing unknown.
        var webhook = definitions["CreateWebhookRequest"]!.AsObject();
        webhook["additionalProperties"] = false;
        webhook["required"] = new JsonArray("key", "name", "url", "scheduleType");
        definitions.Remove("CreateWebhookRequest");
        definitions["Webhook"] = webhook.DeepClone();

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "urn:cronhooks:schedule-file:v1",
            ["title"] = "CronHooks schedule file",
            ["description"] = "Webhooks kept as code, applied with `cronhooks apply -f`. Generated from the API contract by `cronhooks schema`; do not edit.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("webhooks"),
            ["properties"] = new JsonObject
            {
                ["webhooks"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/Webhook" } },
            },
            ["$defs"] = Sorted(definitions),
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value!.GetValue<string>().StartsWith(Prefix, StringComparison.Ordinal)
            ? [p.Value.GetValue<string>()[Prefix.Length..]]
            : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "$ref" && value!.GetValue<string>().StartsWith(Prefix, StringComparison.Ordinal))
                    {
                        var name = value.GetValue<string>()[Prefix.Length..];
                        o["$ref"] = "#/$defs/" + (name == "CreateWebhookRequest" ? "Webhook" : name);
                    }
                    else
                        Rewrite(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    Rewrite(item);
                break;
        }
        return node;
    }

    private static JsonObject Sorted(JsonObject definitions)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in definitions.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            sorted[key] = value!.DeepClone();
        return sorted;
    }
}
