using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// Problem details are open: RFC 9457 allows extension members and ours always carry <c>traceId</c>
/// (see AddApi). The generator closes every schema because our JSON rules reject unknown members in
/// requests; reopen these and name the trace id, so clients keep what the server sends.
/// </summary>
internal sealed class ProblemDetailsTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            return Task.CompletedTask;

        schema.AdditionalPropertiesAllowed = true;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Identifies the request in the server's logs and traces; quote it when reporting a problem.",
        };
        return Task.CompletedTask;
    }
}
