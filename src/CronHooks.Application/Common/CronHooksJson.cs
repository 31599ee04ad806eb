using System.Text.Json;
using System.Text.Json.Serialization;

namespace CronHooks.Application.Common;

/// <summary>
/// The one set of JSON rules for the API's wire format. The API configures its serializer with it and
/// merge patch re-reads patched documents with it, so both reject exactly the same input.
/// </summary>
public static class CronHooksJson
{
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        // A misspelt or forbidden member (ownerId, isActive on create) is an error, never silently dropped.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Numbers are numbers: "5" is not 5, and the OpenAPI document says integer, not integer-or-string.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = MaxDepth;
        // {"name":"a","name":"b"} means different things to different parsers (first wins, last wins, error): refuse it.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
