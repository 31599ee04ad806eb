using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// Our enums travel as strings (CronHooksJson), but the built-in generator writes only their
/// <c>enum</c> values without <c>type: string</c>; client generators then make integer enums that
/// cannot read "recurring". State the type.
/// </summary>
internal sealed class StringEnumTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Enum is { Count: > 0 } && schema.Type is null)
            schema.Type = JsonSchemaType.String;
        return Task.CompletedTask;
    }
}
