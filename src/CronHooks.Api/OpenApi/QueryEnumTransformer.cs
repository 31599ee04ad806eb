using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>Gives the query parameters marked with <see cref="QueryEnumParameter"/> the enum's schema.</summary>
internal sealed class QueryEnumTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var marker in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryEnumParameter>())
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>()
                .SingleOrDefault(p => p.In == ParameterLocation.Query && p.Name == marker.Name)
                ?? throw new InvalidOperationException($"{operation.OperationId} has no query parameter '{marker.Name}'.");
            parameter.Schema = await SchemaReferences.ForAsync(marker.EnumType, context, cancellationToken);
        }
    }
}
