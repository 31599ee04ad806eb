using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// A webhook's payload is any JSON value (a <see cref="System.Text.Json.JsonElement"/>). The generator
/// writes it as a component named JsonElement, from which client generators make an empty class
/// that cannot hold an array or a string; the empty schema inline says "any value" to everyone.
/// </summary>
internal sealed class AnyJsonValueTransformer : IOpenApiDocumentTransformer
{
    private const string ComponentId = nameof(System.Text.Json.JsonElement);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas is not { } schemas || !schemas.Remove(ComponentId))
            return Task.CompletedTask;

        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (ReferencedValue(property) is { } value)
                    schema.Properties![name] = new OpenApiSchema { Description = value.Description ?? property.Description };
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The reference to the component, alone or as the non-null branch of a nullable <c>oneOf</c>.</summary>
    private static OpenApiSchemaReference? ReferencedValue(IOpenApiSchema property) => property switch
    {
        OpenApiSchemaReference reference when reference.Reference.Id == ComponentId => reference,
        OpenApiSchema { OneOf: { } branches } => branches.OfType<OpenApiSchemaReference>().FirstOrDefault(b => b.Reference.Id == ComponentId),
        _ => null,
    };
}
