using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CronHooks.Cli.Common;
using CronHooks.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CronHooks.Cli.SchedulesAsCode;

/// <summary>One webhook as a schedule file states it: the API's create body (JSON), with where it was written.</summary>
internal sealed record ScheduleEntry(string Key, JsonObject Definition, int Line);

/// <summary>
/// Reads a schedule file (YAML) into the API's webhook definitions, checking every entry against the generated SDK's
/// request type before anything is sent: an unknown field or a wrong type is an error naming the file, line and field.
/// </summary>
internal static partial class ScheduleFile
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Dictionary<string, PropertyInfo> Fields = typeof(CreateWebhookRequest).GetProperties()
        .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
        .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name);

    public static IReadOnlyList<ScheduleEntry> Read(string path, Func<string, string?> environment)
    {
        var name = Path.GetFileName(path);
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"{path}: no such file.");
        }
        catch (YamlException e)
        {
            throw new UsageException($"{name}:{e.Start.Line}: not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new UsageException($"{name}:1: expected a mapping with a 'webhooks' list.");
        foreach (var (keyNode, _) in root.Children)
        {
            if (((YamlScalarNode)keyNode).Value != "webhooks")
                throw new UsageException($"{name}:{keyNode.Start.Line}: unknown field '{keyNode}' (the file holds 'webhooks').");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("webhooks"), out var list) || list is not YamlSequenceNode items)
            throw new UsageException($"{name}:{root.Start.Line}: 'webhooks' must be a list.");

        var problems = new List<string>();
        var entries = new List<ScheduleEntry>();
        foreach (var item in items)
        {
            var lines = new Dictionary<string, int>();
            var line = (int)item.Start.Line;
            if (item is not YamlMappingNode mapping)
            {
                problems.Add($"{name}:{line}: each webhook must be a mapping of fields.");
                continue;
            }
            var json = (JsonObject)ToJson(mapping, "", lines, name, environment, problems)!;
            var before = problems.Count;
            Check(json, lines, line, name, problems);
            if (problems.Count > before)
                continue;
            var key = json["key"]!.GetValue<string>();
            if (entries.Any(e => e.Key == key))
                problems.Add($"{name}:{lines["key"]}: field 'key': '{key}' appears twice in the file.");
            else
                entries.Add(new ScheduleEntry(key, json, line));
        }
        if (problems.Count > 0)
            throw new UsageException(string.Join(Environment.NewLine, problems) + Environment.NewLine + "Nothing was changed.");
        return entries;
    }

    private static void Check(JsonObject json, Dictionary<string, int> lines, int line, string name, List<string> problems)
    {
        foreach (var (field, value) in json)
        {
            var at = lines.GetValueOrDefault(field, line);
            if (!Fields.TryGetValue(field, out var property))
            {
                problems.Add($"{name}:{at}: unknown field '{field}' (known: {string.Join(", ", Fields.Keys)}).");
                continue;
            }
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsEnum)
            {
                // Checked here, spelled as the API spells it: the SDK's enum converter sits on its properties, not its types.
                if (value is not null && (value.GetValueKind() != JsonValueKind.String || !Wire.Names(type).Contains(value.GetValue<string>(), StringComparer.Ordinal)))
                    problems.Add($"{name}:{at}: field '{field}': expected one of {string.Join(", ", Wire.Names(type))}, got {value.ToJsonString()}.");
                continue;
            }
            try
            {
                value?.Deserialize(property.PropertyType, Strict);
            }
            catch (JsonException e)
            {
                var inner = (e.Path ?? "$").TrimStart('$', '.');
                var path = inner.Length == 0 ? field : $"{field}.{inner}";
                problems.Add($"{name}:{lines.GetValueOrDefault(path, at)}: field '{path}': {Expected(type, e)}, got {value!.ToJsonString()}.");
            }
        }
        foreach (var required in new[] { "key", "name", "url", "scheduleType" })
        {
            if (json[required] is null)
                problems.Add($"{name}:{line}: field '{required}' is required.");
        }
        if (json["key"] is JsonValue key && key.GetValueKind() == JsonValueKind.String && !KeyPattern().IsMatch(key.GetValue<string>()))
            problems.Add($"{name}:{lines["key"]}: field 'key': letters, digits, '.', '_' and '-', starting with a letter or digit (up to 100).");
    }

    private static string Expected(Type type, JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown field"
        : type == typeof(int) ? "expected an integer"
        : type == typeof(string) ? "expected a string"
        : type == typeof(DateTimeOffset) ? "expected an ISO 8601 date-time with an offset"
        : type.Name.StartsWith("IDictionary", StringComparison.Ordinal) ? "expected a mapping of names to strings"
        : $"expected {type.Name}";

    /// <summary>YAML to JSON the way YAML 1.2's core schema reads plain scalars; ${VAR} expanded in strings.</summary>
    private static JsonNode? ToJson(YamlNode node, string path, Dictionary<string, int> lines, string name, Func<string, string?> environment, List<string> problems)
    {
        if (path.Length > 0)
            lines[path] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (k, v) in mapping.Children)
                {
                    var field = ((YamlScalarNode)k).Value!;
                    var child = path.Length == 0 ? field : $"{path}.{field}";
                    lines[child] = (int)k.Start.Line;
                    obj[field] = ToJson(v, child, lines, name, environment, problems);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var v in sequence)
                    array.Add(ToJson(v, path, lines, name, environment, problems));
                return array;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" or null }:
                return null;
            case YamlScalarNode { Style: ScalarStyle.Plain } plain:
                return Plain(plain.Value ?? "") ?? JsonValue.Create(Expand(plain, path, name, environment, problems));
            case YamlScalarNode scalar:
                return JsonValue.Create(Expand(scalar, path, name, environment, problems));
            default:
                return null;
        }
    }

    private static JsonValue? Plain(string text) => text switch
    {
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when FloatPattern().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => null,
    };

    /// <summary>${NAME} becomes the environment variable's value; $${NAME} stays as the literal ${NAME}.</summary>
    private static string Expand(YamlScalarNode scalar, string path, string name, Func<string, string?> environment, List<string> problems) =>
        Reference().Replace(scalar.Value ?? "", m =>
        {
            if (m.Groups[1].Success)
                return m.Value[1..];
            var value = environment(m.Groups[2].Value);
            if (value is null)
                problems.Add($"{name}:{scalar.Start.Line}: field '{path}': environment variable {m.Groups[2].Value} is not set.");
            return value ?? "";
        });

    [GeneratedRegex(@"\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex KeyPattern();
}
