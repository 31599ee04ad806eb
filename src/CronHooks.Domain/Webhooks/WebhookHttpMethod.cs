using System.Text.Json.Serialization;

namespace CronHooks.Domain.Webhooks;

/// <summary>The HTTP methods a webhook may use. Spelled on the wire as HTTP spells them.</summary>
public enum WebhookHttpMethod
{
    [JsonStringEnumMemberName("GET")] Get,
    [JsonStringEnumMemberName("POST")] Post,
    [JsonStringEnumMemberName("PUT")] Put,
    [JsonStringEnumMemberName("PATCH")] Patch,
    [JsonStringEnumMemberName("DELETE")] Delete,
}
