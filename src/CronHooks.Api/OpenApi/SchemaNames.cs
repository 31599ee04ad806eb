using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// Component names as SDK users see them: the bodies are commands inside the API
/// (<c>CreateWebhookCommand</c>), but to a caller they are requests (<c>CreateWebhookRequest</c>).
/// </summary>
internal static class SchemaNames
{
    private const string CommandSuffix = "Command";

    public static string? ReferenceId(JsonTypeInfo type)
    {
        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        return id is { Length: > 7 } && id.EndsWith(CommandSuffix, StringComparison.Ordinal)
            ? id[..^CommandSuffix.Length] + "Request"
            : id;
    }
}
