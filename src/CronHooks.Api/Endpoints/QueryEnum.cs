using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace CronHooks.Api.Endpoints;

/// <summary>
/// Reads an enum from the query string in its wire spelling (<c>?status=failed</c>): minimal APIs
/// would only take the C# member name, case-sensitively.
/// </summary>
internal static class QueryEnum
{
    public static T? Parse<T>(string? value, string parameter) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value), Application.Common.CronHooksJson.Options);
        }
        catch (JsonException)
        {
            var allowed = string.Join(", ", Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v, Application.Common.CronHooksJson.Options).Trim('"')));
            throw new ValidationException([new ValidationFailure(parameter, $"'{value}' is not one of: {allowed}.")]);
        }
    }
}
