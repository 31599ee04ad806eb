using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>References to component schemas from operation transformers, registering the schema if no endpoint has yet.</summary>
internal static class SchemaReferences
{
    public static async Task<IOpenApiSchema> ForAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        var id = type.Name;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        return new OpenApiSchemaReference(id, document);
    }
}
