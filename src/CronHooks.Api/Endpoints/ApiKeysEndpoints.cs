using CronHooks.Application.ApiKeys.Common;
using CronHooks.Application.ApiKeys.CreateApiKey;
using CronHooks.Application.ApiKeys.ListApiKeys;
using CronHooks.Application.ApiKeys.RevokeApiKey;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization();
        group.MapPost("/", CreateApiKey).WithName(nameof(CreateApiKey))
            .WithSummary("Create an API key (scope read or write, optional expiry) while signed in with a password token; the key is shown only in this response.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListApiKeys).WithName(nameof(ListApiKeys))
            .WithSummary("List your API keys (prefixes only) with scope, expiry and when each was last used.");
        group.MapDelete("/{id:guid}", RevokeApiKey).WithName(nameof(RevokeApiKey))
            .WithSummary("Revoke an API key; it stops authenticating at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<CreatedApiKeyResponse>> CreateApiKey(CreateApiKeyCommand command, ISender sender, CancellationToken cancellationToken)
    {
        var key = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", key);
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListApiKeys(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListApiKeysQuery(), cancellationToken));

    public static async Task<NoContent> RevokeApiKey(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeApiKeyCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
