using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// Our enums travel as strings (CronHooksJson), but the built-in generator writes only their
/// <c>enum</c> values without <c>type: string</c>; client generators then make integer enums that
/// cannot read "recurring". State the type. An enum used only as nullable would also list null among
/// its values, and the SDK generator then makes a class of it: nullability belongs to the property.
/// </summary>
internal sealed class StringEnumTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Enum is { Count: > 0 } && schema.Type is null)
            schema.Type = JsonSchemaType.String;
        if (type.IsEnum && schema.Enum is { Count: > 0 } values)
            schema.Enum = values.Where(v => v is not null).ToList();
        return Task.CompletedTask;
    }
}
