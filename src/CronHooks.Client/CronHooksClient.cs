using System.Text.Json;
using System.Text.Json.Serialization;

namespace CronHooks.Client;

// The generated client's hooks (partial methods); everything else about it comes from the document.
public partial class CronHooksClient
{
    /// <summary>
    /// Leaves unset (null) members out of request bodies. The API reads a missing member as null on
    /// create and replace, and for a merge patch (PatchWebhookAsync) a null member would mean "reset
    /// this field": only the members you set are sent.
    /// </summary>
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
}
