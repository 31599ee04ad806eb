using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// The problem responses every endpoint of a kind can give, added from what the endpoint is rather
/// than repeated on each mapping, so a new endpoint is documented right without remembering them:
/// a body can be malformed (400) or too large (413); an endpoint that requires authorization answers
/// 401 without a valid token or API key and carries the bearer requirement (403 for a read-scoped key on
/// anything but GET); a rate-limited one can
/// answer 429. Use-case errors (404, 409, validation of query parameters) stay on the mappings.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];

        if (operation.RequestBody is not null)
        {
            await AddAsync(operation, context, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails),
                "The body is not valid JSON for this operation, or fields are invalid (see errors).", cancellationToken);
            await AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails),
                "The body is larger than the configured limit (64 KiB by default).", cancellationToken);
        }

        // The admin operations answer 404 to anyone who is not an admin, signed in or not (see Auth.AdminOnly).
        if (metadata.OfType<Auth.AdminOperation>().Any())
        {
            await AddAsync(operation, context, StatusCodes.Status404NotFound, typeof(ProblemDetails),
                "The caller is not an admin (or the key is not admin-scoped), or the resource does not exist.", cancellationToken);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.BearerScheme, context.Document)] = [] }];
            return;
        }

        var requiresAuthorization = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (requiresAuthorization)
        {
            await AddAsync(operation, context, StatusCodes.Status401Unauthorized, typeof(ProblemDetails),
                "No valid bearer token or API key.", cancellationToken);
            if (!string.Equals(context.Description.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase))
                await AddAsync(operation, context, StatusCodes.Status403Forbidden, typeof(ProblemDetails),
                    "The API key has the read scope, which cannot change anything.", cancellationToken);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.BearerScheme, context.Document)] = [] }];
        }
        else
        {
            // An explicit empty list: this operation needs no credentials (OpenAPI's way to say so).
            operation.Security = [];
        }

        // Authenticated calls count against the global per-user limit; register/token carry a per-IP policy.
        if (requiresAuthorization || metadata.OfType<EnableRateLimitingAttribute>().Any())
            await AddAsync(operation, context, StatusCodes.Status429TooManyRequests, typeof(ProblemDetails),
                "Too many requests; retry after the number of seconds in the Retry-After header.", cancellationToken);
    }

    private static async Task AddAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, Type problemType, string description, CancellationToken cancellationToken)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
            return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await SchemaReferences.ForAsync(problemType, context, cancellationToken) },
            },
        };
    }
}
