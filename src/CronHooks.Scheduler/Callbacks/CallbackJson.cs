using System.Text.Json;
using System.Text.Json.Serialization;

namespace CronHooks.Scheduler.Callbacks;

/// <summary>The one JSON shape of callbacks: camelCase members, nulls written (a receiver sees every field).</summary>
internal static class CallbackJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
